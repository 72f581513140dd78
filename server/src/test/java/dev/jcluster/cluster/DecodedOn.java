package dev.jcluster.cluster;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** A value that notes which thread decoded it, with {@code size} bytes of padding. */
final class DecodedOn implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] padding;
    private transient String thread;

    DecodedOn(int size) {
        this.padding = new byte[size];
    }

    String thread() {
        return thread;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        thread = Thread.currentThread().getName();
    }
}
