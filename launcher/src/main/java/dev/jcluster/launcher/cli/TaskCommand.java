package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import dev.jcluster.protocol.TaskDetail;
import dev.jcluster.protocol.TaskRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "task", description = "Show one task in full: where and when it ran, each attempt, its output and the remote stack trace.",
        footer = {"", "Find ids with `jcluster tasks`.", "", "Examples:", "  jcluster task 1234", "  jcluster task 1234 --json"})
final class TaskCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @Parameters(paramLabel = "ID", description = "The task id, as `jcluster tasks` lists it.")
    long id;

    @Mixin
    JsonOption json;

    TaskCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        TaskDetail d;
        try (Client client = Connect.to(ctx, which)) {
            d = client.task(id);
        }
        if (!d.found()) {
            throw new CliException(ExitCode.FAILURE, "no task " + id + " (the history keeps the most recent finished"
                    + " tasks; see `jcluster tasks`)");
        }
        if (json.enabled) {
            out().println(Json.of(d));
            return ExitCode.OK;
        }
        TaskRow r = d.row();
        out().println("task " + r.id() + " (" + r.kind() + "): " + r.state()
                + (r.outcome() == null || r.outcome().succeeded() ? "" : ", " + r.outcome()));
        out().println("  what:      " + r.label());
        out().println("  engine:    " + (r.engineId() < 0 ? "-" : r.engineId() + " on " + r.host()));
        out().println("  submitted: " + Times.full(r.submittedAt()));
        out().println("  started:   " + Times.full(r.startedAt()));
        out().println("  finished:  " + Times.full(r.finishedAt()) + "  (ran " + Times.duration(r.startedAt(),
                r.finishedAt()) + (r.cpuNanos() < 0 ? "" : ", CPU " + Times.seconds(r.cpuNanos() / 1_000_000))
                + ")");
        if (r.errorClass() != null && !r.errorClass().isEmpty()) {
            out().println("  error:     " + r.errorClass() + ": " + r.errorMessage());
        }
        out().println("  attempts:");
        d.attempts().forEach(a -> out().println("    " + a));
        section("stdout", d.stdout());
        section("stderr", d.stderr());
        section("remote stack trace", d.errorTrace());
        return ExitCode.OK;
    }

    private void section(String name, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        out().println("  " + name + ":");
        for (String line : text.split("\n")) {
            out().println("    " + line);
        }
    }
}
