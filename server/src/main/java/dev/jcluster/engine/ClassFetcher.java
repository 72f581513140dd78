package dev.jcluster.engine;

import java.io.IOException;

/** Asks a client, through the controller, for the bytes of a class file it has and the engine lacks. */
interface ClassFetcher {
    /** The bytes of {@code resourceName} (e.g. "com/acme/Task.class"), or null when the client lacks it too. */
    byte[] fetch(String clientUuid, String resourceName) throws IOException, InterruptedException;
}
