package dev.jcluster.launcher.cli;

import java.io.IOException;
import java.util.Map;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Which of this process's standard streams is a terminal, asked of each stream itself (JLine's
 * isatty): {@code System.console()} answers for stdin and stdout together, and on Java 22 and
 * later not even that, so it cannot tell whether stderr, where progress goes, is a terminal.
 * {@code TERM=dumb} is a terminal that cannot move the cursor: plain lines there too. jcluster
 * writes no colour, so {@code NO_COLOR} needs nothing more.
 */
public record Terminals(boolean input, boolean output, boolean error, boolean dumb) {
    /** Nothing is a terminal: plain output everywhere (tests, pipes). */
    public static final Terminals NONE = new Terminals(false, false, false, false);

    /** This process's streams; JLine's native isatty, else its exec provider (`test -t`). */
    public static Terminals detect(Map<String, String> env) {
        boolean dumb = "dumb".equals(env.get("TERM"));
        for (String name : new String[] {"jni", "exec"}) {
            try {
                TerminalProvider p = TerminalProvider.load(name);
                return new Terminals(p.isSystemStream(SystemStream.Input), p.isSystemStream(SystemStream.Output),
                        p.isSystemStream(SystemStream.Error), dumb);
            } catch (IOException | LinkageError | RuntimeException e) {
                // the next provider, or none: then nothing counts as a terminal
            }
        }
        return new Terminals(false, false, false, dumb);
    }

    /** Progress bars redrawn in place on stderr; otherwise a line now and then. */
    public boolean progressBars() {
        return error && !dumb;
    }

    /** A full-screen live view (`top`): keys from stdin, frames to stdout. */
    public boolean screen() {
        return input && output && !dumb;
    }
}
