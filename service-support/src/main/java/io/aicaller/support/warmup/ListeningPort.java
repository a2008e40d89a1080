package io.aicaller.support.warmup;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.HttpServerStart;

/** The port a service's own HTTP server listens on, for the warm-up requests it sends itself from loopback. */
public final class ListeningPort {

    private ListeningPort() {
    }

    /**
     * From the start event, else (a random port: the event carries 0) the configured one once Quarkus has recorded
     * what it bound; -1 if that is not known by the deadline.
     */
    public static int of(HttpServerStart server, long deadlineNanos) {
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        int found = server.options().getPort();
        while (found <= 0 && System.nanoTime() < deadlineNanos) {
            found = ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(0);
            if (found <= 0) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
        }
        return found > 0 ? found : -1;
    }
}
