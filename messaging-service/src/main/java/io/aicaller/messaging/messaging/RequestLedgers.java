package io.aicaller.messaging.messaging;

import java.util.Map;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;

import io.aicaller.events.Topics;
import io.aicaller.events.kafka.RequestLedger;

/** The messaging-service's ledger of keyed sends on {@value Topics#MESSAGES_REQUESTS}. */
public class RequestLedgers {

    @Produces
    @Singleton
    @Startup
    RequestLedger ledger(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper json) {
        return RequestLedger.started(Topics.MESSAGES_REQUESTS, "/messaging-service", kafkaConfig, json);
    }

    void close(@Disposes RequestLedger ledger) {
        ledger.close();
    }
}
