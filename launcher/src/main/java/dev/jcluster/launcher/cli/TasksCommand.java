package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import dev.jcluster.protocol.TaskList;
import dev.jcluster.protocol.TaskRow;
import dev.jcluster.protocol.TaskState;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tasks", description = "List tasks, newest first: running and queued ones, and the controller's history of finished ones.",
        footer = {"", "Examples:", "  jcluster tasks", "  jcluster tasks --failed --limit 5",
                "  jcluster tasks --engine 3 --json", "  jcluster task 1234              # one task in full"})
final class TasksCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @ArgGroup(exclusive = true)
    State state;

    static final class State {
        @Option(names = "--failed", description = "Only failed tasks.")
        boolean failed;

        @Option(names = "--running", description = "Only running tasks.")
        boolean running;

        @Option(names = "--queued", description = "Only queued tasks.")
        boolean queued;
    }

    @Option(names = "--engine", paramLabel = "ID", defaultValue = "-1", description = "Only this engine's tasks.")
    int engine;

    @Option(names = "--limit", paramLabel = "K", defaultValue = "20", description = "At most K tasks (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    JsonOption json;

    TasksCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        if (limit < 1) {
            throw new CliException(ExitCode.USAGE, "--limit must be at least 1, got " + limit);
        }
        TaskState filter = state == null ? null : state.failed ? TaskState.FAILED : state.running ? TaskState.RUNNING
                : TaskState.QUEUED;
        TaskList list;
        try (Client client = Connect.to(ctx, which)) {
            list = client.tasks(filter, engine, limit);
        }
        if (json.enabled) {
            out().println(Json.of(list.tasks()));
            return ExitCode.OK;
        }
        if (list.tasks().isEmpty()) {
            out().println("no " + (filter == null ? "" : filter + " ") + "tasks"
                    + (engine >= 0 ? " on engine " + engine : "") + " (the history keeps the last "
                    + list.historyLimit() + " finished tasks)");
            return ExitCode.OK;
        }
        out().printf("%8s %-8s %6s %-12s %8s %8s %3s  %s%n", "ID", "STATE", "ENGINE", "HOST", "SUBMIT", "TIME", "TRY",
                "TASK");
        for (TaskRow t : list.tasks()) {
            String what = t.label() + (t.errorClass() == null || t.errorClass().isEmpty() ? ""
                    : "  -> " + t.errorClass() + ": " + t.errorMessage());
            out().printf("%8d %-8s %6s %-12s %8s %8s %3d  %s%n", t.id(), t.state(),
                    t.engineId() < 0 ? "-" : Integer.toString(t.engineId()), Times.cut(t.host(), 12),
                    Times.clock(t.submittedAt()), Times.duration(t.startedAt(), t.finishedAt()), t.attempts(),
                    Times.cut(what, 100));
        }
        return ExitCode.OK;
    }
}
