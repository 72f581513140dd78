package dev.jcluster.client.internal;

import java.util.NoSuchElementException;

/**
 * The names of the engine whose task is being decoded or run on this thread, for {@link
 * dev.jcluster.client.Ref}s: the engine sets it around each task. A thread-local, as a task's
 * context is in other task frameworks (Spark's {@code TaskContext}): a task's code needs no
 * parameter for it.
 */
public final class EngineScope {
    /** What the engine offers a task: the values bound to names in its session. */
    public interface Names {
        /** The value of {@code name}; {@link NoSuchElementException} when the engine has none. */
        Object valueOf(String name);

        /** The engine, as error messages name it ("engine 3"). */
        String engine();
    }

    private static final ThreadLocal<Names> CURRENT = new ThreadLocal<>();

    private EngineScope() {
    }

    /** Makes {@code names} this thread's scope until the returned handle is closed. */
    public static Entered enter(Names names) {
        CURRENT.set(names);
        return CURRENT::remove;
    }

    /** The scope of this thread, or null outside an engine's task. */
    public static Names current() {
        return CURRENT.get();
    }

    /** Leaves the scope. */
    @FunctionalInterface
    public interface Entered extends AutoCloseable {
        @Override
        void close();
    }
}
