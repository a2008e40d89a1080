package io.aicaller.numbers.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.aicaller.numbers.config.NumbersConfig;
import io.aicaller.numbers.messaging.SubscriptionStore;
import io.aicaller.numbers.webhooks.InvalidSubscription;
import io.aicaller.numbers.webhooks.Subscription;
import io.aicaller.numbers.webhooks.SubscriptionRules;
import io.aicaller.numbers.webhooks.SubscriptionView;

/**
 * Webhook subscriptions: create, replace (which also re-enables one a 410 disabled), delete, and disable on behalf of
 * the dispatcher. Checked against this replica's table synced with the topic just before.
 */
@ApplicationScoped
public class SubscriptionsService {

    private static final Logger LOG = Logger.getLogger(SubscriptionsService.class);

    private final SubscriptionStore store;
    private final NumbersConfig config;

    SubscriptionsService(SubscriptionStore store, NumbersConfig config) {
        this.store = store;
        this.config = config;
    }

    public List<Subscription> list() {
        store.sync();
        return store.all();
    }

    public Subscription get(String id) {
        store.sync();
        return store.get(id).orElseThrow(() -> notFound(id));
    }

    public SubscriptionRules.Request validate(String body) {
        return SubscriptionRules.parse(body, config.webhooks().allowPlainHttp());
    }

    /** The new subscription as the API answers it: with the secret when it was generated, that once. */
    public synchronized SubscriptionView create(String body) {
        SubscriptionRules.Request request = validate(body);
        store.sync();
        String id = request.id() != null ? request.id() : SubscriptionRules.newId();
        if (store.get(id).isPresent()) {
            throw new NumbersService.Refused(409, "subscription " + id + " exists");
        }
        Instant now = Instant.now();
        Subscription created = request.toSubscription(id, now, now);
        store.put(created);
        LOG.infof("Webhook subscription %s created for %s", id, created.events());
        boolean generated = request.secret() == null && request.secretEnv() == null;
        return generated ? SubscriptionView.withGeneratedSecret(created) : SubscriptionView.of(created);
    }

    /** Replaces the settings; a secret not given again is kept (it is never shown, so it cannot be sent back). */
    public synchronized Subscription update(String id, String body) {
        SubscriptionRules.Request request = validate(body);
        if (request.id() != null && !request.id().equals(id)) {
            throw new InvalidSubscription(List.of(new io.aicaller.agents.InvalidAgent.Problem("id",
                    "is " + id + " in the path")));
        }
        Subscription current = get(id);
        boolean keepSecret = request.secret() == null && request.secretEnv() == null;
        Subscription updated = new Subscription(id, request.url(), request.events(), request.description(),
                keepSecret ? current.secret() : request.secret(),
                keepSecret ? current.secretEnv() : request.secretEnv(),
                request.enabled(), null, current.createdAt(), Instant.now());
        store.put(updated);
        return updated;
    }

    /** Writes a declared subscription when it differs from the stored one; true when written. */
    public synchronized boolean apply(String id, SubscriptionRules.Request declared) {
        store.sync();
        Instant now = Instant.now();
        var current = store.get(id);
        Subscription wanted = new Subscription(id, declared.url(), declared.events(), declared.description(),
                declared.secret(), declared.secretEnv(), declared.enabled(), null,
                current.map(Subscription::createdAt).orElse(now), now);
        if (current.isPresent() && current.get().sameSettings(wanted) && current.get().disabledReason() == null) {
            return false;
        }
        store.put(wanted);
        return true;
    }

    public synchronized void delete(String id) {
        get(id);
        store.delete(id);
    }

    /** A receiver answered 410 Gone: no more deliveries until someone re-enables it. */
    public synchronized void disable(String id, String reason) {
        store.sync();
        store.get(id).filter(Subscription::enabled).ifPresent(s -> {
            store.put(s.disabled(reason, Instant.now()));
            LOG.warnf("Webhook subscription %s disabled: %s", id, reason);
        });
    }

    private static NumbersService.Refused notFound(String id) {
        return new NumbersService.Refused(404, "no subscription " + id);
    }
}
