package io.aicaller.bridge.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.twilio.security.RequestValidator;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

import io.aicaller.bridge.config.BridgeConfig;
import io.aicaller.bridge.config.TwilioConfig;

/**
 * Refuses a Media Stream upgrade unless Twilio signed it: {@code X-Twilio-Signature} over
 * {@code wss://<configured public host>/path?query}, checked before any model session exists. New upgrades are also
 * refused while the service drains, beyond the upgrade budget, and while too many accepted streams have not sent
 * {@code start} yet (a signed URL can be replayed: the signature covers only the URL).
 */
@ApplicationScoped
public class SignatureUpgradeCheck implements HttpUpgradeCheck {

    private static final ThrottledLog REFUSALS = new ThrottledLog(Logger.getLogger(SignatureUpgradeCheck.class),
            10_000);

    private final List<RequestValidator> validators = new ArrayList<>();
    private final Optional<String> publicUrl;
    private final CallRegistry calls;
    private final MeterRegistry metrics;
    private final UpgradeBudget budget;
    private final int maxPendingStarts;

    private final Warmup warmup;

    SignatureUpgradeCheck(BridgeConfig bridge, TwilioConfig twilio, CallRegistry calls, MeterRegistry metrics,
            Warmup warmup) {
        this.warmup = warmup;
        twilio.authToken().filter(t -> !t.isBlank()).map(RequestValidator::new).ifPresent(validators::add);
        twilio.previousAuthTokens()
                .orElse(List.of())
                .stream()
                .filter(t -> !t.isBlank())
                .map(RequestValidator::new)
                .forEach(validators::add);
        this.publicUrl = bridge.publicUrl()
                .filter(u -> !u.isBlank())
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        this.calls = calls;
        this.metrics = metrics;
        this.budget = new UpgradeBudget(bridge.maxUpgradesPerSecond(), System.nanoTime());
        this.maxPendingStarts = bridge.maxPendingStarts();
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (calls.draining()) {
            return refuse(503, "draining");
        }
        if (!budget.take(System.nanoTime())) {
            return refuse(503, "rate");
        }
        if (calls.pendingStarts() >= maxPendingStarts) {
            return refuse(503, "pending-starts");
        }
        HttpServerRequest request = context.httpRequest();
        if (warmup.isWarmup(request.getHeader(Warmup.HEADER))) {
            WriteCoalescing.install(request);
            return CheckResult.permitUpgrade();
        }
        String signature = request.getHeader("X-Twilio-Signature");
        if (signature == null || signature.isBlank()) {
            return refuse(401, "missing");
        }
        if (validators.isEmpty() || publicUrl.isEmpty()) {
            return refuse(503, "not-configured");
        }
        String url = publicUrl.get() + request.uri();
        for (RequestValidator validator : validators) {
            if (validator.validate(url, Map.of(), signature)) {
                WriteCoalescing.install(request);
                return CheckResult.permitUpgrade();
            }
        }
        return refuse(403, "invalid");
    }

    private Uni<CheckResult> refuse(int status, String reason) {
        metrics.counter("bridge.upgrades.refused", "reason", reason).increment();
        REFUSALS.warn("Refused Media Stream upgrade: " + reason);
        return CheckResult.rejectUpgrade(status);
    }
}
