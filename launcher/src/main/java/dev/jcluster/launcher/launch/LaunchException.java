package dev.jcluster.launcher.launch;

/** Starting or stopping a cluster failed; the message says what happened, with log tails where they help. */
public class LaunchException extends Exception {
    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
