package io.aicaller.sandbox.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** The ports of one suite; {@code frontDoor} is the public entrance a tunnel points at (with a public URL). */
public record SuitePorts(int kafka, int twilioApi, int gateway, int bridge, int messaging, int numbers, int sandbox,
        int frontDoor) {

    /** The documented ports of the local run. */
    public static SuitePorts standard() {
        return new SuitePorts(9092, 8089, 8080, 8081, 8082, 8083, 8090, 8088);
    }

    /** Free ports, for a suite that must not collide with anything (the end-to-end test). */
    public static SuitePorts free() {
        int[] p = new int[8];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < p.length; i++) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                p[i] = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            held.forEach(s -> {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing a probe socket
                }
            });
        }
        return new SuitePorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    }
}
