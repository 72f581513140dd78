package dev.jcluster.client;

/** Hears how a file transfer goes ({@link DirectView#upload}, {@link DirectView#download}); called from the caller's thread. */
public interface TransferListener {
    TransferListener NONE = bytes -> { };

    /** Before the first byte of each engine's transfer: how many bytes it moves. */
    default void started(long totalBytes) {
    }

    /** A chunk of {@code bytes} arrived where it was going. */
    void transferred(long bytes);
}
