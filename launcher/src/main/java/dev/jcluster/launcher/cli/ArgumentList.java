package dev.jcluster.launcher.cli;

import dev.jcluster.backends.spi.Quoting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The arguments of `jcluster run`: ranges and lists ("1..1000", "a,b,c", "1..3,10") or one per line of a file. */
final class ArgumentList {
    private static final int MAX = 10_000_000;

    private ArgumentList() {
    }

    static List<String> parse(String spec) throws CliException {
        List<String> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            int dots = p.indexOf("..");
            if (dots > 0 && p.substring(0, dots).matches("-?\\d+") && p.substring(dots + 2).matches("-?\\d+")) {
                long from = Long.parseLong(p.substring(0, dots));
                long to = Long.parseLong(p.substring(dots + 2));
                if (to < from) {
                    throw new CliException(ExitCode.USAGE, "range '" + p + "' runs backwards");
                }
                if (to - from + out.size() >= MAX) {
                    throw new CliException(ExitCode.USAGE, "range '" + p + "' has more than " + MAX + " values");
                }
                for (long i = from; i <= to; i++) {
                    out.add(Long.toString(i));
                }
            } else if (!p.isEmpty()) {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new CliException(ExitCode.USAGE, "--args '" + spec + "' holds no argument");
        }
        return out;
    }

    static List<String> read(Path file) throws CliException {
        try {
            List<String> out = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            if (out.isEmpty()) {
                throw new CliException(ExitCode.USAGE, file + " holds no argument");
            }
            return out;
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read --args-file " + file + ": " + e.getMessage());
        }
    }

    /** Shells whose {@code -c} word is a script: {} there becomes one quoted shell word. */
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "busybox");

    /**
     * The command for one argument: every {} replaced, or the argument appended when there is none.
     * Where {} stands in a shell's script ({@code sh -c '...'}), it becomes the argument quoted as one
     * shell word, so that spaces, quotes, {@code ;} or {@code $(...)} in an argument stay data (as GNU
     * parallel does); {@code raw} puts it there as it is.
     */
    static List<String> substitute(List<String> command, String argument, boolean raw) {
        List<String> out = new ArrayList<>(command.size() + 1);
        boolean used = false;
        for (int i = 0; i < command.size(); i++) {
            String word = command.get(i);
            used |= word.contains("{}");
            boolean script = !raw && i >= 2 && isShell(command.get(0)) && command.get(i - 1).matches("-[a-z]*c");
            out.add(word.replace("{}", script ? Quoting.shell(argument) : argument));
        }
        if (!used) {
            out.add(argument);
        }
        return out;
    }

    private static boolean isShell(String program) {
        return SHELLS.contains(program.substring(program.lastIndexOf('/') + 1));
    }
}
