package dev.jcluster.engine;

import java.io.IOException;

/**
 * The classes of one client: the engine's own classes first (parent), then whatever the client
 * can send. One loader per client, so two clients' versions of a class never collide.
 */
final class ClientClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final String clientUuid;
    private final ClassFetcher fetcher;

    ClientClassLoader(ClassLoader parent, String clientUuid, ClassFetcher fetcher) {
        super("jcluster-client-" + clientUuid, parent);
        this.clientUuid = clientUuid;
        this.fetcher = fetcher;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes;
        try {
            bytes = fetcher.fetch(clientUuid, name.replace('.', '/') + ".class");
        } catch (IOException e) {
            throw new ClassNotFoundException(name + " (fetching it from the client failed: " + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClassNotFoundException(name + " (interrupted while fetching it from the client)", e);
        }
        if (bytes == null) {
            throw new ClassNotFoundException(name + " (neither this engine nor the submitting client has it)");
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
