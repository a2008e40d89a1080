package io.aicaller.gateway.messaging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

import io.aicaller.events.Command;
import io.aicaller.events.DialCall;
import io.aicaller.events.EventType;
import io.aicaller.events.HangUpCall;
import io.aicaller.events.TransferCall;
import io.aicaller.gateway.service.CallControlService;

/**
 * Executes call commands from {@code calls.commands.v1} (the media-bridge's tools, other services). Each command id
 * runs once: a redelivered record is acknowledged without running again. A command that cannot run goes to the
 * dead-letter topic with the failure in its headers.
 */
@ApplicationScoped
public class CallCommandConsumer {

    private static final Logger LOG = Logger.getLogger(CallCommandConsumer.class);
    private static final int REMEMBERED_COMMANDS = 50_000;

    private final CallControlService control;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final Set<String> executed = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_COMMANDS;
        }
    });

    CallCommandConsumer(CallControlService control, ObjectMapper json, MeterRegistry metrics) {
        this.control = control;
        this.json = json;
        this.metrics = metrics;
    }

    @Incoming("call-commands")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        try {
            run(message);
            return message.ack();
        } catch (Exception e) {
            LOG.warnf("Call command failed, sending it to the dead-letter topic: %s", e.toString());
            metrics.counter("gateway.commands", "outcome", "failed").increment();
            return message.nack(e);
        }
    }

    private void run(Message<String> message) throws Exception {
        IncomingCloudEventMetadata<?> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("Command record is not a CloudEvent"));
        EventType type = EventType.fromCeType(ce.getType());
        if (!(json.readValue(message.getPayload(), type.recordClass()) instanceof Command command)) {
            throw new IllegalArgumentException("Not a call command: " + type.ceType());
        }
        String commandId = command.commandId();
        synchronized (executed) {
            if (executed.contains(commandId)) {
                LOG.debugf("Command %s already executed", commandId);
                metrics.counter("gateway.commands", "type", type.shortName(), "outcome", "duplicate").increment();
                return;
            }
        }
        execute(command);
        synchronized (executed) {
            executed.add(commandId);
        }
        metrics.counter("gateway.commands", "type", type.shortName(), "outcome", "done").increment();
    }

    private void execute(Command command) {
        if (command instanceof HangUpCall hangUp) {
            control.hangUp(hangUp.callSid());
        } else if (command instanceof TransferCall transfer) {
            control.transfer(transfer.callSid(), transfer.to());
        } else if (command instanceof DialCall dial) {
            control.dial(new CallControlService.DialRequest(dial.to(), dial.from(), dial.profile(), null, null, null,
                    dial.commandId(), Map.of()));
        } else {
            throw new IllegalArgumentException("Not a call command: " + command.eventType().ceType());
        }
    }

}
