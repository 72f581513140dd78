package dev.jcluster.client;

/** The outcome of a code string on one engine: the last snippet's value (as JShell shows it) and the output. */
public record ExecuteResult(int engineId, String value, String stdout, String stderr) {
}
