package dev.jcluster.client.internal;

import dev.jcluster.client.RemoteException;
import dev.jcluster.client.TaskMetadata;

/** One finished task as the client sees it: the decoded value or the remote failure, with metadata. */
public record TaskOutcome(Object value, int exitCode, RemoteException failure, TaskMetadata metadata) {
    public boolean failed() {
        return failure != null;
    }
}
