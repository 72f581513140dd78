package dev.jcluster.protocol;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.stream.ChunkedWriteHandler;

/** The protocol half of every pipeline: length frame and signature, then messages. */
public final class Pipelines {
    /** Default largest frame: big enough for a 1 GiB array, small enough to refuse nonsense lengths. */
    public static final int DEFAULT_MAX_FRAME_BYTES = Integer.MAX_VALUE - 64;

    private Pipelines() {
    }

    public static void addProtocol(ChannelPipeline pipeline, ClusterKey key, int maxFrameBytes) {
        addProtocol(pipeline, key, null, maxFrameBytes, RefusalLog.standard(), null, null);
    }

    /**
     * A controller's: peers sign with the cluster key, or engines with {@code engineKey}
     * ({@link ClusterKey#forEngines}); refused frames go to the controller's {@code refusals}; large
     * frames past {@code heapBudget} are written to {@code spool} as they arrive rather than held in the heap.
     */
    public static void addProtocol(ChannelPipeline pipeline, ClusterKey key, ClusterKey engineKey, int maxFrameBytes,
                                   RefusalLog refusals, ValueSpool spool, HeapFrameBudget heapBudget) {
        pipeline.addLast("frames", new SignedFrameDecoder(key, engineKey, maxFrameBytes, refusals, spool, heapBudget));
        // large frames go out a chunk at a time as the socket takes them, behind earlier writes
        pipeline.addLast("chunks", new ChunkedWriteHandler());
        pipeline.addLast("signer", new SignedFrameEncoder(key));
        pipeline.addLast("messages", MessageCodec.INSTANCE);
    }
}
