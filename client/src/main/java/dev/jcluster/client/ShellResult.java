package dev.jcluster.client;

/** How a shell command ended on an engine. A non-zero exit is a result, not an exception. */
public record ShellResult(int engineId, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
        return exitCode == 0;
    }
}
