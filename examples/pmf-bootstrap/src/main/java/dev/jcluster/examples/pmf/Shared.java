package dev.jcluster.examples.pmf;

import dev.jcluster.client.Ref;
import java.io.Serializable;

/**
 * Data a task reads: on a cluster a {@link Ref} to what was pushed to every engine once, so that
 * only the reference travels with each task; in one JVM the value itself.
 */
public interface Shared<T> extends Serializable {
    T get();

    static <T extends Serializable> Shared<T> local(T value) {
        return () -> value;
    }

    static <T> Shared<T> on(Ref<T> ref) {
        return ref::get;
    }
}
