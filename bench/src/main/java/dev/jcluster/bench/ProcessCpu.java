package dev.jcluster.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU and memory of a process of this machine, from /proc: what a benchmark reports of the JVMs it started. */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** User + system CPU of the whole process. */
    static long nanos(long pid) throws IOException {
        return nanos(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** CPU of the process's JIT compiler threads (C1 and C2): how much compiling is left to do. */
    static long compilerNanos(long pid) throws IOException {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        sum += nanos(task.resolve("stat"));
                    }
                } catch (IOException gone) {
                    // the thread ended between the listing and the read: HotSpot retires idle compiler threads
                }
            }
        }
        return sum;
    }

    static long residentBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    /** User + system CPU from a /proc stat file (a process's or a thread's), in nanoseconds (ticks of 10 ms). */
    private static long nanos(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }
}
