package io.aicaller.messaging.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.aicaller.messaging.messaging.MessageLedger;
import io.aicaller.messaging.messaging.MessagingPublisher;
import io.aicaller.messaging.messaging.OptOuts;

/** Not ready until the opt-outs and past outcomes are read: before that a send could reach an opted-out number. */
@Readiness
@ApplicationScoped
public class StateLoadedCheck implements HealthCheck {

    private final OptOuts optOuts;
    private final MessageLedger ledger;
    private final MessagingPublisher publisher;

    StateLoadedCheck(OptOuts optOuts, MessageLedger ledger, MessagingPublisher publisher) {
        this.optOuts = optOuts;
        this.ledger = ledger;
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("messaging-state")
                .status(optOuts.isLoaded() && ledger.isLoaded())
                .withData("optOuts", optOuts.isLoaded())
                .withData("outcomes", ledger.isLoaded())
                .withData("outboxWaiting", publisher.waiting())
                .build();
    }
}
