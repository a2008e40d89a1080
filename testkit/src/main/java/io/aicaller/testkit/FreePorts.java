package io.aicaller.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for servers a test starts itself. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port that was free a moment ago. The OS hands ephemeral ports out in sequence, so a port returned here is
     * unlikely to be handed to someone else before the caller binds it.
     */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }
}
