package io.aicaller.bridge.websocket;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Lets the messages one event-loop task writes to a Media Stream leave in one TCP write. Each model audio chunk
 * becomes a Twilio {@code media} and its {@code mark}; Vert.x flushes every WebSocket message on its own, so without
 * this each pair costs two send syscalls (and two wake-ups of the peer). Netty's {@link FlushConsolidationHandler}
 * defers a flush issued outside a read to a task queued behind the current one, so the pair goes out in one; during
 * a read it waits for the read to complete, as Vert.x already does.
 */
final class WriteCoalescing {

    static final String HANDLER = "aicaller-flush-coalescing";
    /** Flush anyway after this many deferred flushes (a long burst of model audio). */
    private static final int FLUSH_AFTER = 64;

    private WriteCoalescing() {
    }

    /**
     * Installs the coalescing on the connection being upgraded. Vert.x exposes the Netty channel only through its
     * connection implementation; on any other implementation this does nothing and every message is flushed alone.
     *
     * @return whether it was installed
     */
    static boolean install(HttpServerRequest upgrade) {
        if (!(upgrade.connection() instanceof ConnectionBase connection)) {
            return false;
        }
        ChannelPipeline pipeline = connection.channelHandlerContext().pipeline();
        if (pipeline.get(HANDLER) == null) {
            pipeline.addFirst(HANDLER, new FlushConsolidationHandler(FLUSH_AFTER, true));
        }
        return true;
    }
}
