package dev.jcluster.client;

import java.util.List;

/** Several engines failed in one call (a direct-view apply, a map): each failure, in task order. */
public class CompositeRemoteException extends RemoteException {
    private final List<RemoteException> failures;

    public CompositeRemoteException(List<RemoteException> failures) {
        super(failures.get(0).engineId(), failures.get(0).remoteClassName(), failures.get(0).remoteMessage(),
                failures.get(0).remoteStackTrace(), failures.get(0).metadata());
        this.failures = List.copyOf(failures);
    }

    public List<RemoteException> failures() {
        return failures;
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(failures.size() + " tasks failed:");
        for (RemoteException e : failures) {
            sb.append("\n  ").append(e.getMessage());
        }
        return sb.toString();
    }
}
