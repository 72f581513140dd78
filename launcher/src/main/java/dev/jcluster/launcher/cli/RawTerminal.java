package dev.jcluster.launcher.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The controlling terminal in character mode for `top`: keys without Enter, no echo, and the
 * settings saved and put back on close, also when the JVM is stopped by Ctrl-C.
 */
final class RawTerminal implements AutoCloseable {
    private static final File TTY = new File("/dev/tty");
    private final String saved;
    private final Thread restoreOnExit;

    private RawTerminal(String saved) {
        this.saved = saved;
        this.restoreOnExit = new Thread(this::restore, "jcluster-top-restore");
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
    }

    static RawTerminal enter() throws IOException {
        String saved = stty("-g").trim();
        stty("-icanon", "-echo", "min", "0", "time", "0");
        return new RawTerminal(saved);
    }

    /** Rows and columns of the terminal, or 24 x 80 when it does not say. */
    static int[] size() {
        try {
            String[] rc = stty("size").trim().split("\\s+");
            int rows = Integer.parseInt(rc[0]);
            int cols = Integer.parseInt(rc[1]);
            if (rows > 0 && cols > 0) {
                return new int[] {rows, cols};
            }
        } catch (IOException | RuntimeException e) {
            // not a terminal
        }
        return new int[] {24, 80};
    }

    /** A key pressed since the last call, or -1. */
    int key(InputStream in) throws IOException {
        return in.available() > 0 ? in.read() : -1;
    }

    private static String stty(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(TTY))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void restore() {
        try {
            stty(saved);
        } catch (IOException e) {
            // nothing more can be done for the terminal
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook restores
        }
    }
}
