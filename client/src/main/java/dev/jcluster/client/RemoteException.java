package dev.jcluster.client;

import java.io.PrintStream;

/**
 * An exception raised on an engine, with its original class name, message and stack trace.
 * Printed like {@code [engine 3] java.lang.IllegalStateException: message}.
 */
public class RemoteException extends RuntimeException {
    private final int engineId;
    private final String remoteClassName;
    private final String remoteMessage;
    private final String remoteStackTrace;
    private final transient TaskMetadata metadata;

    public RemoteException(int engineId, String remoteClassName, String remoteMessage, String remoteStackTrace,
                           TaskMetadata metadata) {
        super("[engine " + engineId + "] " + remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage));
        this.engineId = engineId;
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        this.remoteStackTrace = remoteStackTrace == null ? "" : remoteStackTrace;
        this.metadata = metadata;
    }

    public int engineId() {
        return engineId;
    }

    /** The class of the exception on the engine, e.g. "java.lang.ArithmeticException". */
    public String remoteClassName() {
        return remoteClassName;
    }

    public String remoteMessage() {
        return remoteMessage;
    }

    /** The engine's stack trace as it printed it. */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }

    /** Where and when the failed task ran, and what it printed; may be null. */
    public TaskMetadata metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return getMessage();
    }

    @Override
    public void printStackTrace(PrintStream s) {
        s.println(this);
        s.print(remoteStackTrace.isEmpty() ? "" : "remote " + remoteStackTrace);
        s.println("local stack trace:");
        for (StackTraceElement e : getStackTrace()) {
            s.println("\tat " + e);
        }
    }
}
