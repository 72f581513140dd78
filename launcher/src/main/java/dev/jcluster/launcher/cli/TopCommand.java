package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import dev.jcluster.launcher.state.ClusterState;
import dev.jcluster.protocol.Status;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.TaskState;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            if (once || !ctx.interactive()) {
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
        out().print(ALT_SCREEN);
        try (RawTerminal terminal = RawTerminal.enter()) {
            long nextFrame = 0;
            while (true) {
                int key = terminal.key(System.in);
                if (key == 'q' || key == 'Q' || key == 3) {
                    return ExitCode.OK;
                }
                boolean redraw = false;
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
                    int[] size = RawTerminal.size();
                    StringBuilder frame = new StringBuilder(HOME_CLEAR);
                    for (String line : TopFrame.render(name, s, failures, rate, sort, filter, size[1], size[0], true)) {
                        frame.append(line).append("\r\n");
                    }
                    out().print(frame);
                    out().flush();
                    nextFrame = now + period.toNanos();
                }
                Thread.sleep(50);
            }
        } finally {
            out().print(MAIN_SCREEN);
            out().flush();
        }
    }
}
