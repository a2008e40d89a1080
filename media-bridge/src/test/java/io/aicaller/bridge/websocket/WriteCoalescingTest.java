package io.aicaller.bridge.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

/**
 * Two messages written in one event-loop task outside a read (a model chunk's {@code media} and its {@code mark})
 * leave in one TCP segment: a raw socket reading the server's frames gets both from a single read. Without the
 * coalescing each message is flushed on its own and a blocked reader wakes up with the first one alone.
 */
class WriteCoalescingTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static final CompletableFuture<Boolean> INSTALLED = new CompletableFuture<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> {
                    INSTALLED.complete(WriteCoalescing.install(request));
                    request.toWebSocket().onSuccess(WriteCoalescingTest::onSocket);
                });
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** On "go", writes a pair from a timer: a task of its own, as a model socket's message is for the Twilio one. */
    private static void onSocket(ServerWebSocket ws) {
        ws.textMessageHandler(text -> vertx.setTimer(1, id -> {
            ws.writeTextMessage("{\"event\":\"media\"}");
            ws.writeTextMessage("{\"event\":\"mark\"}");
        }));
    }

    @Test
    void aMediaAndItsMarkLeaveInOneWrite() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("GET /media HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            readHandshake(in);
            assertThat(INSTALLED.get(10, TimeUnit.SECONDS)).as("installed on Vert.x's HTTP/1 connection").isTrue();

            // A masked text frame "go" (client frames must be masked; a zero mask keeps the bytes as they are).
            out.write(new byte[]{(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'g', 'o'});
            out.flush();

            byte[] buffer = new byte[4096];
            int read = in.read(buffer);
            String first = new String(buffer, 0, Math.max(read, 0), StandardCharsets.ISO_8859_1);
            assertThat(first).as("the first read holds both frames").contains("media").contains("mark");
        }
    }

    private static void readHandshake(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake: " + head);
            }
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101");
    }
}
