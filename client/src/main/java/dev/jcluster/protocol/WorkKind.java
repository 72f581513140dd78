package dev.jcluster.protocol;

/** What an engine is asked to do. */
public enum WorkKind {
    /** A serialized Java callable or runnable. */
    JAVA,
    /**
     * A function over a list of arguments: {@code text} is the function's content hash, the value
     * holds the function's bytes then the arguments. Engines keep decoded functions by hash, so a
     * map of 20,000 tasks decodes its function once per engine, not 20,000 times.
     */
    APPLY,
    /** A Java code string for the engine's JShell session. */
    CODE,
    /** A shell command: argv, working directory, environment. */
    SHELL,
    /** Bind a value to a name in the JShell session. */
    PUSH,
    /** Read the value bound to a name (or of an expression) in the JShell session. */
    PULL,
    /**
     * As APPLY, naming the function by its hash alone: the value holds only the arguments. A map
     * sends its function with its first task; the controller sends it to each engine once.
     */
    APPLY_REF
}
