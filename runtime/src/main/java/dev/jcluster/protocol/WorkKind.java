package dev.jcluster.protocol;

/** What an engine is asked to do. */
public enum WorkKind {
    /** A serialized Java callable, runnable or function application. */
    JAVA,
    /** A Java code string for the engine's JShell session. */
    CODE,
    /** A shell command: argv, working directory, environment. */
    SHELL,
    /** Bind a value to a name in the JShell session. */
    PUSH,
    /** Read the value bound to a name (or of an expression) in the JShell session. */
    PULL
}
