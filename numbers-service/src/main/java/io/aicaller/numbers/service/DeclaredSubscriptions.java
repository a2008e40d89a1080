package io.aicaller.numbers.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.StartupEvent;

import io.aicaller.numbers.config.NumbersConfig;
import io.aicaller.numbers.messaging.SubscriptionStore;
import io.aicaller.numbers.webhooks.InvalidSubscription;
import io.aicaller.numbers.webhooks.SubscriptionRules;

/**
 * Subscriptions declared in a file (Helm's {@code webhooks} values, or the local run's) are applied at start-up,
 * like declared agents: the file is the source of truth for the ids it names, and an invalid entry stops the service
 * naming the entry and the field. A declared subscription names its secret by environment variable.
 */
@ApplicationScoped
public class DeclaredSubscriptions {

    private static final Logger LOG = Logger.getLogger(DeclaredSubscriptions.class);

    private final NumbersConfig config;
    private final SubscriptionStore store;
    private final SubscriptionsService subscriptions;

    DeclaredSubscriptions(NumbersConfig config, SubscriptionStore store, SubscriptionsService subscriptions) {
        this.config = config;
        this.store = store;
        this.subscriptions = subscriptions;
    }

    void apply(@Observes StartupEvent start) throws InterruptedException {
        if (config.webhooks().file().isEmpty()) {
            return;
        }
        Path file = config.webhooks().file().get();
        Map<String, SubscriptionRules.Request> declared = read(file, config.webhooks().allowPlainHttp());
        if (!store.awaitLoaded(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the subscriptions topic could not be read within 60s; " + file
                    + " not applied");
        }
        long written = declared.entrySet().stream().filter(e -> subscriptions.apply(e.getKey(), e.getValue())).count();
        LOG.infof("%d declared webhook subscription(s) in %s, %d written", declared.size(), file, written);
    }

    static Map<String, SubscriptionRules.Request> read(Path file, boolean plainHttpAnywhere) {
        JsonNode root;
        try {
            root = SubscriptionRules.json().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("numbers.webhooks.file " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalStateException("numbers.webhooks.file " + file + " must hold a JSON array");
        }
        Map<String, SubscriptionRules.Request> declared = new LinkedHashMap<>();
        for (int i = 0; i < root.size(); i++) {
            String where = "numbers.webhooks.file " + file + ", subscription [" + i + "] "
                    + root.get(i).path("id").asText("");
            SubscriptionRules.Request request;
            try {
                request = SubscriptionRules.parse(root.get(i).toString(), plainHttpAnywhere);
            } catch (InvalidSubscription e) {
                throw new IllegalStateException(where + ": " + e.getMessage(), e);
            }
            if (request.id() == null) {
                throw new IllegalStateException(where + ": id: required in a declared subscription");
            }
            if (request.secret() == null && request.secretEnv() == null) {
                throw new IllegalStateException(where + ": secretEnv: required (the variable holding the signing key)");
            }
            if (declared.put(request.id(), request) != null) {
                throw new IllegalStateException(where + ": id: declared twice");
            }
        }
        return declared;
    }
}
