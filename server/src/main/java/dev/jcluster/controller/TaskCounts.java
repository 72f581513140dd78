package dev.jcluster.controller;

/** Tasks submitted and finished since the controller started (a restored one counts what it restored). */
final class TaskCounts {
    private long submitted;
    private long completed;
    private long failed;

    void submitted(long n) {
        submitted += n;
    }

    void finished(boolean succeeded) {
        if (succeeded) {
            completed++;
        } else {
            failed++;
        }
    }

    long submitted() {
        return submitted;
    }

    long completed() {
        return completed;
    }

    long failed() {
        return failed;
    }
}
