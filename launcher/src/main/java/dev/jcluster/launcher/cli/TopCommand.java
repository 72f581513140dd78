package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import dev.jcluster.launcher.state.ClusterState;
import dev.jcluster.protocol.Status;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.TaskState;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "top", description = "A live view of a cluster: engines, their current tasks, load and memory, the queue, recent failures.",
        footer = {"", "Keys: q quits, s changes the sort (id, cpu, done, failed, heartbeat), f the filter (all, busy, idle, lost).",
                "When the output is not a terminal, or with --once, one plain frame is printed.", "",
                "Examples:", "  jcluster top", "  jcluster top --once", "  jcluster top --json"})
final class TopCommand extends BaseCommand {
    private static final String ALT_SCREEN = "\u001b[?1049h\u001b[?25l";
    private static final String MAIN_SCREEN = "\u001b[?25h\u001b[?1049l";
    private static final String HOME_CLEAR = "\u001b[H\u001b[2J";
    /** How long a key is waited for between checks for the next frame. */
    private static final long KEY_WAIT_MILLIS = 50;

    @Mixin
    ClusterOptions which;

    @Option(names = "--once", description = "Print one frame and exit.")
    boolean once;

    @Option(names = "--json", description = "Print the cluster's status and recent failures as JSON and exit.")
    boolean json;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", description = "Refresh period (default: ${DEFAULT-VALUE}).")
    String interval;

    TopCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        Duration period = StartCommand.parseDuration(interval);
        ClusterState cluster = which.running(ctx);
        try (Client client = Connect.to(cluster)) {
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("cluster", cluster.dir().name());
                doc.put("status", client.status());
                doc.put("recentFailures", client.tasks(TaskState.FAILED, -1, 5).tasks());
                out().println(Json.of(doc));
                return ExitCode.OK;
            }
            if (once || !ctx.terminals().screen()) {
                Status s = client.status();
                for (String line : TopFrame.render(cluster.dir().name(), s, client.tasks(TaskState.FAILED, -1, 3).tasks(), 0,
                        TopFrame.Sort.ID, TopFrame.Filter.ALL, 200, 1000, false)) {
                    out().println(line);
                }
                return ExitCode.OK;
            }
            return live(cluster.dir().name(), client, period);
        }
    }

    private int live(String name, Client client, Duration period) throws Exception {
        TopFrame.Sort sort = TopFrame.Sort.ID;
        TopFrame.Filter filter = TopFrame.Filter.ALL;
        long lastCompleted = -1;
        long lastNanos = System.nanoTime();
        double rate = 0;
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            Attributes saved = terminal.enterRawMode();
            AtomicBoolean resized = new AtomicBoolean();
            AtomicBoolean interrupted = new AtomicBoolean();
            terminal.handle(Terminal.Signal.WINCH, signal -> resized.set(true));
            terminal.handle(Terminal.Signal.INT, signal -> interrupted.set(true));
            PrintWriter screen = terminal.writer();
            Size size = terminal.getSize();
            screen.print(ALT_SCREEN);
            try {
                long nextFrame = 0;
                while (!interrupted.get()) {
                    int key = terminal.reader().read(KEY_WAIT_MILLIS);
                    if (key == 'q' || key == 'Q' || key == 3 || key == NonBlockingReader.EOF) {
                        return ExitCode.OK;
                    }
                    boolean redraw = resized.getAndSet(false);
                    if (redraw) {
                        size = terminal.getSize();  // asked once per resize, not per frame
                    }
                    if (key == 's' || key == 'S') {
                        sort = sort.next();
                        redraw = true;
                    } else if (key == 'f' || key == 'F') {
                        filter = filter.next();
                        redraw = true;
                    }
                    if (redraw || System.nanoTime() >= nextFrame) {
                        Status s;
                        List<TaskRow> failures;
                        try {
                            s = client.status();
                            failures = client.tasks(TaskState.FAILED, -1, 3).tasks();
                        } catch (IOException e) {
                            throw new CliException(ExitCode.FAILURE, "lost the cluster: " + e.getMessage());
                        }
                        long now = System.nanoTime();
                        if (lastCompleted >= 0 && now > lastNanos) {
                            rate = (s.completed() + s.failed() - lastCompleted) / ((now - lastNanos) / 1e9);
                        }
                        lastCompleted = s.completed() + s.failed();
                        lastNanos = now;
                        StringBuilder frame = new StringBuilder(HOME_CLEAR);
                        for (String line : TopFrame.render(name, s, failures, rate, sort, filter,
                                size.getColumns() > 0 ? size.getColumns() : 80, size.getRows() > 0 ? size.getRows() : 24,
                                true)) {
                            frame.append(line).append("\r\n");
                        }
                        screen.print(frame);
                        screen.flush();
                        nextFrame = now + period.toNanos();
                    }
                }
                return ExitCode.OK;
            } finally {
                screen.print(MAIN_SCREEN);
                screen.flush();
                terminal.setAttributes(saved);
            }
        }
    }
}
