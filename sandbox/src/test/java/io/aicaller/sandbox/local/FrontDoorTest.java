package io.aicaller.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The front door a tunnel points at: Twilio's webhooks reach the gateway with their bodies, the media stream's upgrade
 * reaches the bridge and stays open both ways, and nothing else is served.
 */
class FrontDoorTest {

    @Test
    void webhooksGoToTheGatewayMediaToTheBridgeAndNothingElseIsServed() throws Exception {
        List<String> gatewaySaw = new CopyOnWriteArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            gatewaySaw.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
            byte[] twiml = "<Response/>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, twiml.length);
            exchange.getResponseBody().write(twiml);
            exchange.close();
        });
        gateway.start();
        // The bridge's part: answers the upgrade, then echoes every byte in upper case until the caller hangs up.
        ServerSocket bridge = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        List<String> bridgeSaw = new CopyOnWriteArrayList<>();
        Thread bridgeThread = new Thread(() -> {
            try (Socket socket = bridge.accept()) {
                FrontDoor.Head head = FrontDoor.readHead(socket.getInputStream());
                bridgeSaw.add(new String(head.rewritten(), StandardCharsets.ISO_8859_1));
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new String(head.rest(), StandardCharsets.ISO_8859_1).toUpperCase()
                        .getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = socket.getInputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    out.write(Character.toUpperCase(b));
                    out.flush();
                }
            } catch (Exception e) {
                bridgeSaw.add("error " + e);
            }
        });
        bridgeThread.start();

        try (FrontDoor door = new FrontDoor("127.0.0.1", 0, (InetSocketAddress) gateway.getAddress(),
                new InetSocketAddress("127.0.0.1", bridge.getLocalPort()))) {
            String base = "http://127.0.0.1:" + door.port();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // Several requests from one client (a keep-alive pool, as a tunnel agent has): each reaches the gateway.
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> voice = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/webhooks/twilio/voice?attempt=" + i))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("CallSid=CA" + i + "&From=%2B14155550100"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(voice.statusCode()).isEqualTo(200);
                assertThat(voice.body()).isEqualTo("<Response/>");
            }
            // A client that offers HTTP/2 (h2c upgrade) gets plain HTTP/1.1: only WebSocket upgrades pass.
            HttpResponse<String> offered = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(base + "/webhooks/twilio/voice?attempt=3"))
                            .POST(HttpRequest.BodyPublishers.ofString("CallSid=CA3&From=%2B14155550100"))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(offered.statusCode()).isEqualTo(200);
            assertThat(gatewaySaw).containsExactly(
                    "POST /webhooks/twilio/voice?attempt=0 CallSid=CA0&From=%2B14155550100",
                    "POST /webhooks/twilio/voice?attempt=1 CallSid=CA1&From=%2B14155550100",
                    "POST /webhooks/twilio/voice?attempt=2 CallSid=CA2&From=%2B14155550100",
                    "POST /webhooks/twilio/voice?attempt=3 CallSid=CA3&From=%2B14155550100");

            // The APIs and the services' own pages are not reachable through the tunnel.
            for (String path : List.of("/api/calls", "/q/health", "/", "/webhooks/twilio/../../api/calls",
                    "/webhooks/twilio/%2e%2e/api/calls", "/webhooks/twilioX")) {
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(path).isEqualTo(404);
            }
            assertThat(gatewaySaw).hasSize(4);
            assertThat(door.refused()).isEqualTo(6);

            // The media stream: the upgrade reaches the bridge with its own Connection header, then bytes flow both
            // ways on the same connection.
            try (Socket caller = new Socket("127.0.0.1", door.port())) {
                OutputStream out = caller.getOutputStream();
                out.write(("GET /webhooks/twilio/media HTTP/1.1\r\nHost: abc.ngrok-free.app\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nX-Twilio-Signature: sig\r\n\r\nhello").getBytes(
                                StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = caller.getInputStream();
                String answer = readUntil(in, "HELLO");
                assertThat(answer).startsWith("HTTP/1.1 101");
                out.write(" media".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readUntil(in, " MEDIA")).endsWith(" MEDIA");
            }
            bridgeThread.join(5000);
            assertThat(bridgeSaw.get(0)).startsWith("GET /webhooks/twilio/media HTTP/1.1\r\n")
                    .contains("Host: abc.ngrok-free.app\r\n", "X-Twilio-Signature: sig\r\n",
                            "Connection: Upgrade\r\n")
                    .doesNotContain("Connection: close");

            // A service that is not running is a 502, not a hang.
            gateway.stop(0);
            HttpResponse<String> down = http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/twilio/status"))
                    .POST(HttpRequest.BodyPublishers.ofString("CallSid=CA9"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(502);
        } finally {
            gateway.stop(0);
            bridge.close();
        }
    }

    private static String readUntil(InputStream in, String end) throws Exception {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }
}
