package dev.jcluster.launcher.cli;

/** The exit statuses of every command, as `jcluster --help` lists them. */
public final class ExitCode {
    public static final int OK = 0;
    /** It was tried and it failed: a start that could not finish, a task that failed, a cluster not found. */
    public static final int FAILURE = 1;
    /** The request itself was wrong: unknown option, bad profile, bad argument list. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
