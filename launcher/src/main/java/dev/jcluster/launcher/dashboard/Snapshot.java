package dev.jcluster.launcher.dashboard;

import java.util.List;

/**
 * What one push to the page carries: aggregates, never every event. {@code bars} are the tasks that
 * ended since the last push (a sample when more end than a look returns), {@code series} the last
 * minutes of tasks per second and queue length, {@code events} engines draining, leaving or lost and
 * the adapt decisions.
 */
record Snapshot(String cluster, long time, int live, int queued, long completed, long failed, double rate,
                List<Engine> engines, Series series, List<Bar> bars, List<Failure> failures, List<String> events,
                String adapt) {

    /** The same push with other bars: the whole window, for a page that just opened. */
    Snapshot withBars(List<Bar> all) {
        return new Snapshot(cluster, time, live, queued, completed, failed, rate, engines, series, all, failures,
                events, adapt);
    }

    record Engine(int id, String host, String state, long task, double cpu, long heapUsed, long heapMax, long done,
                  long failed) {
    }

    /** Seconds since the epoch, tasks ended per second, tasks queued: one point a second. */
    record Series(List<Long> t, List<Double> rate, List<Integer> queued) {
    }

    /** One task: engine lane, start and end (epoch ms), outcome. */
    record Bar(long id, int e, long s, long f, String o) {
    }

    record Failure(long id, int engine, String host, long finishedAt, String error, String message) {
    }
}
