package dev.jcluster.client.internal;

import dev.jcluster.protocol.ClassData;
import dev.jcluster.protocol.ClassRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers engines' requests for class files from this client's class path, so that code written
 * in the client's project runs on engines with no jar copied by hand.
 */
final class ClassServer {
    private record Entry(byte[] hash, byte[] bytes) {
    }

    private final ClassLoader loader;
    private final Map<String, Entry> served = new ConcurrentHashMap<>();

    ClassServer(ClassLoader loader) {
        this.loader = loader;
    }

    ClassData answer(ClassRequest request) {
        String name = request.resourceName();
        if (name.contains("..") || name.startsWith("/")) {
            return ClassData.notFound(name);
        }
        Entry entry = served.computeIfAbsent(name, this::load);
        if (entry.bytes == null) {
            served.remove(name);
            return ClassData.notFound(name);
        }
        if (MessageDigest.isEqual(entry.hash, request.knownHash())) {
            return new ClassData(name, true, entry.hash, new byte[0]);
        }
        return new ClassData(name, true, entry.hash, entry.bytes);
    }

    private Entry load(String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return new Entry(new byte[0], null);
            }
            byte[] bytes = in.readAllBytes();
            return new Entry(MessageDigest.getInstance("SHA-256").digest(bytes), bytes);
        } catch (IOException | NoSuchAlgorithmException e) {
            return new Entry(new byte[0], null);
        }
    }
}
