package dev.jcluster.engine;

/**
 * A failure to report under a class name of our choosing: JShell's errors (whose real exception
 * lives in the snippet) and compile errors are not Java exceptions of the engine itself.
 */
final class TaskFailure extends Exception {
    final String className;
    final String remoteTrace;

    TaskFailure(String className, String message, String remoteTrace) {
        super(message);
        this.className = className;
        this.remoteTrace = remoteTrace;
    }
}
