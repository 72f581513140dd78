package dev.jcluster.launcher.cli;

/** Ends a command with an exit code and one line saying what was wrong and what to do. */
public class CliException extends Exception {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
