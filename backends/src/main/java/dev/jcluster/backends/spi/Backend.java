package dev.jcluster.backends.spi;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How processes are started, watched and stopped on some kind of resource. A backend knows
 * nothing of the CLI or the protocol: it launches command lines and answers for what it launched.
 * Everything it starts is reported to {@code recorder} as soon as it exists, so that it can be
 * found and stopped from another terminal even if the launch fails half way.
 */
public interface Backend {
    String name();

    /** Starts every spec (for batch backends possibly as one job); reports each launch to {@code recorder}. */
    List<Launched> start(List<ProcessSpec> specs, Consumer<Launched> recorder) throws BackendException;

    /** The state of something this backend launched (possibly in another process, days ago). */
    State state(Launched launched);

    /** Stops it: politely first, by force after {@code grace}; returns once it is gone. */
    void stop(Launched launched, Duration grace) throws BackendException;

    /** What {@link #start} would run, as text a person can read or paste. */
    String describe(List<ProcessSpec> specs);
}
