package dev.jcluster.client;

import dev.jcluster.client.internal.EngineScope;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.MethodType;
import java.util.Objects;

/**
 * A value pushed to engines once and used by many tasks, by name: what ipyparallel's
 * {@code Reference} and dask's scattered futures are. {@link DirectView#push(String, Object)} and
 * {@link DirectView#scatter(String, java.util.List)} return one; a task that captures it reads the
 * value with {@link #get()} on whichever engine runs it, so only the reference, a few bytes,
 * travels with each task.
 *
 * <pre>{@code
 * Ref<double[][]> data = client.direct().push("data", matrix);           // once per engine
 * client.loadBalanced().map(seed -> fit(data.get(), seed), seeds);       // data is not sent again
 * }</pre>
 *
 * <p>{@code get()} works in a task and in threads the task starts; elsewhere (in the client) it
 * throws. The engine's value is the one bound to the name when {@code get()} runs.
 */
public final class Ref<T> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Class<?> type;
    /** The engine that decoded this reference, as part of a task; null anywhere else. */
    private transient EngineScope.Names engine;

    private Ref(String name, Class<?> type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** A reference to what is (or will be) bound to {@code name} on the engines: pushed, scattered or declared by code. */
    public static <T> Ref<T> to(String name, Class<T> type) {
        return new Ref<>(name, boxed(type));
    }

    /** A reference typed as {@code value}'s class, for the view that pushed it. */
    static <T> Ref<T> of(String name, T value) {
        return new Ref<>(name, value == null ? Object.class : value.getClass());
    }

    public String name() {
        return name;
    }

    /**
     * The engine's value of this name.
     *
     * @throws IllegalStateException  outside a task on an engine
     * @throws java.util.NoSuchElementException when the engine has no value by this name
     * @throws ClassCastException     when its value is not of this reference's type
     */
    public T get() {
        if (engine == null) {
            throw new IllegalStateException("Ref '" + name + "' has a value only in a task on an engine; here, "
                    + "pull it instead (client.direct().pull(\"" + name + "\"))");
        }
        Object value = engine.valueOf(name);
        if (value != null && !type.isInstance(value)) {
            throw new ClassCastException("'" + name + "' on " + engine.engine() + " is a "
                    + value.getClass().getTypeName() + ", not the " + type.getTypeName() + " this Ref reads");
        }
        @SuppressWarnings("unchecked") T t = (T) value;
        return t;
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        engine = EngineScope.current();
    }

    /** A primitive's wrapper class, since the engine holds boxed values. */
    private static Class<?> boxed(Class<?> type) {
        return MethodType.methodType(type).wrap().returnType();
    }

    @Override
    public String toString() {
        return "Ref(" + name + ": " + type.getTypeName() + ")";
    }
}
