package dev.jcluster.launcher.cli;

import dev.jcluster.client.TransferListener;
import dev.jcluster.launcher.launch.Reporter;
import java.util.Locale;

/** A transfer's bytes as a progress bar in MiB and a closing summary; several engines' totals add up. */
final class FileProgress implements TransferListener {
    private final Reporter reporter;
    private final long startNanos = System.nanoTime();
    private long total;
    private long done;

    FileProgress(Reporter reporter) {
        this.reporter = reporter;
    }

    @Override
    public synchronized void started(long totalBytes) {
        total += totalBytes;
    }

    @Override
    public synchronized void transferred(long bytes) {
        done += bytes;
        if (total > 0) {
            reporter.progress("MiB", (int) (done >> 20), (int) Math.max(1, total >> 20));
        }
    }

    synchronized void done() {
        if (total > 0) {
            reporter.progress("MiB", (int) Math.max(1, total >> 20), (int) Math.max(1, total >> 20));
        }
    }

    synchronized String summary() {
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        return String.format(Locale.ROOT, "%,d bytes in %.1f s, %.0f MB/s", done, seconds, done / 1e6 / seconds);
    }
}
