package io.aicaller.testkit.media;

import io.vertx.core.Vertx;

/** One Vert.x instance for the test-side sockets of a JVM, kept apart from the application's. */
final class TestVertx {

    private static Vertx vertx;

    private TestVertx() {
    }

    static synchronized Vertx get() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return vertx;
    }
}
