package dev.jcluster.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The floor for the speedup workload: the same 20 ms spins on two threads of one JVM, nothing
 * else in the way. On a virtual machine two vCPUs need not give twice one.
 */
final class CpuFloor {
    private CpuFloor() {
    }

    /** Serial time over time on two threads, for {@code tasks} spins of {@code millis} ms of CPU. */
    static double twoThreadSpeedup(int tasks, int millis) throws Exception {
        for (int i = 0; i < 20; i++) {
            RuntimeBench.spin(millis);
        }
        long t = System.nanoTime();
        for (int i = 0; i < tasks; i++) {
            RuntimeBench.spin(millis);
        }
        double serial = System.nanoTime() - t;
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            t = System.nanoTime();
            Future<?> a = two.submit(() -> spinAll(tasks / 2, millis));
            Future<?> b = two.submit(() -> spinAll(tasks - tasks / 2, millis));
            a.get();
            b.get();
            return serial / (System.nanoTime() - t);
        } finally {
            two.shutdownNow();
        }
    }

    private static void spinAll(int n, int millis) {
        for (int i = 0; i < n; i++) {
            RuntimeBench.spin(millis);
        }
    }
}
