package io.aicaller.sandbox.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local suite's one public entrance, for a tunnel to a real Twilio account: Twilio's webhooks go to the gateway,
 * its Media Streams WebSocket to the bridge, and nothing else is served. The local run publishes its API token, so
 * {@code /api} and {@code /q} must never be reachable through the tunnel; the webhooks are signature-checked.
 *
 * <p>
 * One request per connection: {@code Connection: close} is put on the request's head and on the answer's (a WebSocket
 * upgrade keeps its own), and the bytes are relayed both ways until the service closes. A tunnel agent that keeps
 * connections alive opens a new one after each answer, so each request is routed on its own path.
 */
public final class FrontDoor implements AutoCloseable {

    static final String MEDIA_PATH = "/webhooks/twilio/media";
    static final String WEBHOOKS_PREFIX = "/webhooks/twilio/";
    private static final int MAX_HEAD = 16 * 1024;
    private static final int HEAD_TIMEOUT_MS = 10_000;
    /** Headers about the connection rather than the request; the door sets its own. */
    private static final java.util.Set<String> HOP_BY_HOP = java.util.Set.of("connection", "keep-alive",
            "proxy-connection", "http2-settings");

    private final InetSocketAddress gateway;
    private final InetSocketAddress bridge;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final AtomicInteger refused = new AtomicInteger();

    /**
     * Listens on {@code host:port} (port 0 for any free one).
     */
    public FrontDoor(String host, int port, InetSocketAddress gateway, InetSocketAddress bridge) throws IOException {
        this.gateway = gateway;
        this.bridge = bridge;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(host, port));
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "front-door-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Requests answered 404 because they were for something other than Twilio's webhooks. */
    public int refused() {
        return refused.get();
    }

    /** Where a request for {@code target} goes: the bridge, the gateway, or nowhere (null). */
    InetSocketAddress route(String target) {
        String path = target.split("\\?", 2)[0];
        if (path.contains("..") || path.contains("%")) {
            return null; // no path tricks past the prefix check
        }
        if (path.equals(MEDIA_PATH)) {
            return bridge;
        }
        return path.startsWith(WEBHOOKS_PREFIX) ? gateway : null;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(HEAD_TIMEOUT_MS);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            Head head = readHead(in);
            if (head == null) {
                answer(out, 400, "Bad Request", "not an HTTP request\n");
                return;
            }
            InetSocketAddress upstream = route(head.target());
            if (upstream == null) {
                refused.incrementAndGet();
                answer(out, 404, "Not Found", "only Twilio's webhooks are served here\n");
                return;
            }
            try (Socket service = new Socket()) {
                try {
                    service.connect(upstream, 5_000);
                } catch (IOException e) {
                    answer(out, 502, "Bad Gateway", "the service behind " + head.target().split("\\?", 2)[0]
                            + " is not running\n");
                    return;
                }
                client.setSoTimeout(0); // a media stream is quiet for as long as the call is on hold
                service.getOutputStream().write(head.rewritten());
                service.getOutputStream().write(head.rest());
                service.getOutputStream().flush();
                threads.execute(() -> relay(in, service));
                InputStream answer = service.getInputStream();
                Head answerHead = readHead(answer);
                if (answerHead == null) {
                    return; // the service closed without answering; so does the caller's connection
                }
                out.write(answerHead.rewritten());
                out.write(answerHead.rest());
                out.flush();
                relay(answer, out);
            }
        } catch (IOException e) {
            // the caller or the service went away; nothing to answer to
        }
    }

    /** Copies until the source ends, then half-closes the destination. */
    private static void relay(InputStream from, Socket to) {
        try {
            relay(from, to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // either side closed
        }
    }

    private static void relay(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = from.read(buffer)) >= 0) {
            to.write(buffer, 0, n);
            to.flush();
        }
    }

    /**
     * A request's or an answer's head as passed on; {@code target} is the request's (the status for an answer);
     * {@code rest} is what followed the head in the same read.
     */
    record Head(String target, byte[] rewritten, byte[] rest) {
    }

    static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int end = -1;
        try {
            while (end < 0) {
                int n = in.read(buffer);
                if (n < 0) {
                    return null;
                }
                bytes.write(buffer, 0, n);
                end = indexOfBlankLine(bytes.toByteArray());
                if (end < 0 && bytes.size() > MAX_HEAD) {
                    return null;
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
        byte[] all = bytes.toByteArray();
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] first = lines[0].split(" ", 3);
        boolean request = first.length == 3 && first[1].startsWith("/") && first[2].startsWith("HTTP/1.");
        boolean answer = first.length >= 2 && first[0].startsWith("HTTP/1.") && first[1].matches("[1-5][0-9][0-9]");
        if (!request && !answer) {
            return null;
        }
        boolean upgrade = answer && first[1].equals("101");
        StringBuilder rewritten = new StringBuilder(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String[] header = lines[i].split(":", 2);
            String name = header[0].trim().toLowerCase(Locale.ROOT);
            if (name.equals("upgrade") && request) {
                // Only a WebSocket (the media stream) passes; an HTTP/2 upgrade offer is dropped, as hop-by-hop.
                if (header.length < 2 || !header[1].trim().equalsIgnoreCase("websocket")) {
                    continue;
                }
                upgrade = true;
            }
            if (HOP_BY_HOP.contains(name)) {
                continue;
            }
            rewritten.append(lines[i]).append("\r\n");
        }
        rewritten.append(upgrade ? "Connection: Upgrade" : "Connection: close").append("\r\n\r\n");
        byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        return new Head(first[1], rewritten.toString().getBytes(StandardCharsets.ISO_8859_1), rest);
    }

    private static int indexOfBlankLine(byte[] bytes) {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static void answer(OutputStream out, int status, String reason, String body) throws IOException {
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + text.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(text);
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        threads.shutdownNow();
    }
}
