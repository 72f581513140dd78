package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.launch.Reporter;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Progress on stderr: a bar redrawn in place (with ETA) on a terminal; otherwise a plain line each
 * time the count changes, at most every two seconds, so that logs of scripted runs stay short.
 */
final class TerminalReporter implements Reporter {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private int lastDone = -1;
    private long lastPrintNanos;
    private boolean barOpen;

    TerminalReporter(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public synchronized void line(String text) {
        closeBar();
        err.println(text);
        err.flush();
    }

    @Override
    public synchronized void progress(String label, int done, int total) {
        long now = System.nanoTime();
        boolean finished = done >= total;
        if (interactive) {
            err.print("\r" + bar(label, done, total, now));
            barOpen = true;
            if (finished) {
                closeBar();
            }
            err.flush();
            return;
        }
        if (done != lastDone && (finished || now - lastPrintNanos > Duration.ofSeconds(2).toNanos())) {
            err.println(label + ": " + done + "/" + total);
            err.flush();
            lastDone = done;
            lastPrintNanos = now;
        }
    }

    private String bar(String label, int done, int total, long now) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * Math.min(done, total) / total);
        String eta = "";
        long elapsed = now - startNanos;
        if (done > 0 && done < total) {
            long remaining = elapsed / done * (total - done);
            eta = "  ETA " + clock(remaining);
        } else if (done >= total) {
            eta = "  in " + clock(elapsed);
        }
        return "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + label + eta
                + "   ";
    }

    private static String clock(long nanos) {
        long s = Duration.ofNanos(nanos).toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    private void closeBar() {
        if (barOpen) {
            err.println();
            barOpen = false;
        }
    }
}
