package dev.jcluster.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Per-task capture of System.out and System.err. The JVM has one System.out, so it is replaced
 * once by a stream that writes to the capture of the current thread (inherited by threads the
 * task starts, such as JShell's) and to the original stream when nothing is captured.
 */
final class OutputCapture {
    /** Caps what one task may keep in memory; past it, output is cut with a note. */
    static final int MAX_BYTES = 8 * 1024 * 1024;
    private static final InheritableThreadLocal<Buffers> CURRENT = new InheritableThreadLocal<>();
    private static final Object INSTALL_LOCK = new Object();
    private static boolean installed;

    private OutputCapture() {
    }

    /** The captured output of one task. */
    static final class Buffers {
        final BoundedBuffer out = new BoundedBuffer();
        final BoundedBuffer err = new BoundedBuffer();

        /** Also pass each line on as it is printed (a streaming task). */
        void forward(LineForwarder outLines, LineForwarder errLines) {
            out.tee = outLines;
            err.tee = errLines;
        }

        /** Sends any unfinished last line. */
        void closeForwarding() {
            if (out.tee != null) {
                out.tee.close();
                err.tee.close();
            }
        }
    }

    static void install() {
        synchronized (INSTALL_LOCK) {
            if (installed) {
                return;
            }
            installed = true;
            System.setOut(routing(System.out, false));
            System.setErr(routing(System.err, true));
        }
    }

    static void begin(Buffers b) {
        CURRENT.set(b);
    }

    static void end() {
        CURRENT.remove();
    }

    private static PrintStream routing(PrintStream original, boolean err) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                target().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                target().write(b, off, len);
            }

            @Override
            public void flush() {
                original.flush();
            }

            private OutputStream target() {
                Buffers buffers = CURRENT.get();
                return buffers == null ? original : err ? buffers.err : buffers.out;
            }
        }, true, StandardCharsets.UTF_8);
    }

    static final class BoundedBuffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean truncated;
        private volatile LineForwarder tee;

        @Override
        public synchronized void write(int b) {
            LineForwarder t = tee;
            if (t != null) {
                t.write(b);
            }
            if (bytes.size() < MAX_BYTES) {
                bytes.write(b);
            } else {
                truncated = true;
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            LineForwarder t = tee;
            if (t != null) {
                t.write(b, off, len);
            }
            int room = MAX_BYTES - bytes.size();
            bytes.write(b, off, Math.min(room, len));
            truncated |= len > room;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8)
                    + (truncated ? "\n[jcluster: output cut at " + MAX_BYTES + " bytes]\n" : "");
        }
    }
}
