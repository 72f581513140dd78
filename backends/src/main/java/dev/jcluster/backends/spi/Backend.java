package dev.jcluster.backends.spi;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * Starts more beside {@code running} (its own launches, still alive): where a backend places by
     * capacity (ssh hosts, each up to its engine count), the new ones go where there is room left.
     */
    default List<Launched> startBeside(List<ProcessSpec> specs, List<Launched> running, Consumer<Launched> recorder)
            throws BackendException {
        return start(specs, recorder);
    }

    /** The state of something this backend launched (possibly in another process, days ago). */
    State state(Launched launched);

    /** The states of many launches at once; batch backends ask their scheduler once for all of them. */
    default Map<Launched, State> states(List<Launched> launched) {
        Map<Launched, State> out = new LinkedHashMap<>();
        for (Launched l : launched) {
            out.put(l, state(l));
        }
        return out;
    }

    /** How often it is reasonable to ask for states: a scheduler's query costs far more than a look at a pid. */
    default Duration pollInterval() {
        return Duration.ofMillis(100);
    }

    /** True for batch schedulers: what it launches are jobs with ids and queue states, not processes. */
    default boolean submitsJobs() {
        return false;
    }

    /**
     * The hosts what it starts reaches the controller from, when it can tell: this host, ssh's hosts
     * (this host again through ssh tunnels), a scheduler's nodes. A controller that listens on
     * loopback only is out of reach of any other. Empty when it cannot tell: they may be anywhere.
     */
    default Optional<List<String>> hosts() {
        return Optional.empty();
    }

    /**
     * Checks that {@link #start} would be accepted, without starting anything: a scheduler's trial
     * submission of the job (queue, account, limits). Does nothing where there is no such check.
     */
    default void trial(List<ProcessSpec> specs) throws BackendException {
    }

    /** Why a launch is {@link State#BLOCKED}, in the scheduler's words (HTCondor's hold reason), when it says. */
    default Optional<String> reason(Launched launched) {
        return Optional.empty();
    }

    /** Stops it: politely first, by force after {@code grace}; returns once it is gone. */
    void stop(Launched launched, Duration grace) throws BackendException;

    /** What {@link #start} would run, as text a person can read or paste. */
    String describe(List<ProcessSpec> specs);
}
