package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.state.ClusterState;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", description = "List every cluster known under $JCLUSTER_HOME: running, stopped or stale.",
        footer = {"", "A stale cluster's files say it runs but its controller is gone; `jcluster clean` removes it.",
                "", "Examples:", "  jcluster list", "  jcluster list --json"})
final class ListCommand extends BaseCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Mixin
    JsonOption json;

    ListCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        List<ClusterState> clusters = new ClusterOptions().matching(ctx);
        if (json.enabled) {
            List<Map<String, Object>> doc = new ArrayList<>();
            for (ClusterState s : clusters) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.dir().name());
                m.put("profile", s.info().profile());
                m.put("clusterId", s.info().clusterId());
                m.put("state", s.label());
                m.put("liveProcesses", s.liveProcesses());
                m.put("launched", s.launched().size());
                m.put("created", Instant.ofEpochMilli(s.info().createdAtMillis()).toString());
                m.put("path", s.dir().path().toString());
                doc.add(m);
            }
            out().println(Json.of(doc));
            return ExitCode.OK;
        }
        if (clusters.isEmpty()) {
            out().println("no clusters under " + ctx.home().clustersDir() + "; start one with `jcluster start`");
            return ExitCode.OK;
        }
        out().printf("%-30s %-8s %9s  %-19s%n", "CLUSTER", "STATE", "PROCESSES", "CREATED");
        for (ClusterState s : clusters) {
            out().printf("%-30s %-8s %4d/%-4d  %-19s%n", s.dir().name(), s.label(), s.liveProcesses(),
                    s.launched().size(), TIME.format(Instant.ofEpochMilli(s.info().createdAtMillis())));
        }
        return ExitCode.OK;
    }
}
