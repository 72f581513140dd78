package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import dev.jcluster.protocol.EngineInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The console's read-run-print loop: a line starting with one of {@link ConsoleNames#COMMANDS} is
 * a command, anything else a snippet for the target engines. Ctrl-C stops a running snippet,
 * Ctrl-D leaves. Exit status: 0, or 1 when the last snippet failed on some engine (for pipes).
 */
final class Console {
    private final Client client;
    private final LineReader reader;
    private final SnippetRunner runner;
    private final ConsoleNames names;
    private final PrintWriter out;
    private Duration timeout;
    /** Engines snippets go to; null: every engine registered when the snippet is sent. */
    private List<Integer> targets;

    Console(Client client, LineReader reader, SnippetRunner runner, ConsoleNames names, PrintWriter out,
            Duration timeout) {
        this.client = client;
        this.reader = reader;
        this.runner = runner;
        this.names = names;
        this.out = out;
        this.timeout = timeout;
    }

    int run(List<Integer> initialTargets) throws IOException {
        targets = initialTargets == null ? null : List.copyOf(initialTargets);
        boolean interactive = !Terminal.TYPE_DUMB.equals(reader.getTerminal().getType())
                && !Terminal.TYPE_DUMB_COLOR.equals(reader.getTerminal().getType());
        if (interactive) {
            out.println("jcluster console: engines " + client.ids() + ", snippets go to " + describeTargets()
                    + "; /help for commands, Ctrl-D to leave");
            out.flush();
        }
        reader.getTerminal().handle(Terminal.Signal.INT, signal -> runner.cancel());
        int status = ExitCode.OK;
        while (true) {
            String line;
            try {
                line = reader.readLine(interactive ? prompt() : "");
            } catch (UserInterruptException e) {
                continue;  // Ctrl-C at the prompt clears the line
            } catch (EndOfFileException e) {
                return status;
            }
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            if (isCommand(text)) {
                if (!command(text)) {
                    return status;
                }
                continue;
            }
            List<Integer> ids = targets == null ? client.ids() : targets;
            if (ids.isEmpty()) {
                out.println("no engines to run on (yet): see /engines");
                status = ExitCode.FAILURE;
                continue;
            }
            names.learnFrom(text);
            status = runner.run(text, ids, timeout).isEmpty() ? ExitCode.OK : ExitCode.FAILURE;
        }
    }

    private String prompt() {
        return "jcluster" + (targets == null ? "" : targets.toString().replace(" ", "")) + "> ";
    }

    /** A console command, not Java: Java never starts with "/" but for comments. */
    private static boolean isCommand(String text) {
        return text.startsWith("/") && !text.startsWith("//") && !text.startsWith("/*");
    }

    /** @return false to leave */
    private boolean command(String text) throws IOException {
        String[] words = text.split("\\s+", 2);
        String arg = words.length > 1 ? words[1].strip() : "";
        switch (words[0]) {
            case "/exit", "/quit" -> {
                return false;
            }
            case "/targets" -> targets(arg);
            case "/timeout" -> {
                if (!arg.isEmpty()) {
                    try {
                        timeout = StartCommand.parseDuration(arg);
                    } catch (RuntimeException | CliException e) {
                        out.println("not a duration: " + arg + " (e.g. 30s, 5m, 1h)");
                    }
                }
                out.println("snippets stop after " + timeout.toSeconds() + " s");
            }
            case "/engines" -> engines();
            case "/help" -> help();
            default -> out.println("unknown command " + words[0] + "; commands: " + String.join(", ",
                    ConsoleNames.COMMANDS));
        }
        out.flush();
        return true;
    }

    private void targets(String arg) throws IOException {
        if (arg.equals("all")) {
            targets = null;
        } else if (!arg.isEmpty()) {
            List<Integer> ids = new ArrayList<>();
            List<Integer> live = client.ids();
            for (String part : arg.split("[,\\s]+")) {
                try {
                    ids.add(Integer.parseInt(part));
                } catch (NumberFormatException e) {
                    out.println("not an engine id: " + part + " (engines: " + live + ")");
                    return;
                }
            }
            List<Integer> unknown = ids.stream().filter(id -> !live.contains(id)).toList();
            if (!unknown.isEmpty()) {
                out.println("no engine " + unknown + " (engines: " + live + ")");
                return;
            }
            targets = List.copyOf(ids);
        }
        out.println("snippets go to " + describeTargets());
    }

    private String describeTargets() {
        return targets == null ? "every engine" : "engines " + targets;
    }

    private void engines() throws IOException {
        for (EngineInfo e : client.status().engines()) {
            if (e.state().live()) {
                out.printf("  engine %d on %s (pid %d): %s, %d done, %d failed%n", e.id(), e.host(), e.pid(),
                        e.state().name().toLowerCase(), e.tasksDone(), e.tasksFailed());
            }
        }
        if (!names.declared().isEmpty()) {
            out.println("  names this session declared: " + String.join(", ", names.declared()));
        }
    }

    private void help() {
        out.println("Java snippets run in the JShell session of each target engine; state stays between snippets.");
        out.println("  /targets 0,2 | all   where snippets go (now: " + describeTargets() + ")");
        out.println("  /timeout 30s         stop a snippet after this long (now: " + timeout.toSeconds() + " s)");
        out.println("  /engines             the engines and the names this session declared");
        out.println("  /exit                leave (or Ctrl-D); Ctrl-C stops a running snippet");
    }
}
