package dev.jcluster.launcher.cli;

import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.State;
import dev.jcluster.client.Client;
import dev.jcluster.launcher.adapt.AdaptNote;
import dev.jcluster.launcher.state.ClusterState;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = {"Show a running cluster's engines and queue, as its controller sees them,",
        "and for batch backends each job with its scheduler's state (PENDING, RUNNING, ...)."},
        footer = {"", "Examples:", "  jcluster status", "  jcluster status --json | jq '.engines[].state'"})
final class StatusCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @Mixin
    JsonOption json;

    StatusCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        ClusterState cluster = which.running(ctx);
        Status status;
        try (Client client = Connect.to(cluster)) {
            status = client.status();
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cluster " + cluster.dir().name()
                    + " did not answer: " + e.getMessage());
        }
        if (json.enabled) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("cluster", cluster.dir().name());
            doc.put("profile", cluster.info().profile());
            doc.put("clusterId", cluster.info().clusterId());
            doc.put("controllerPid", status.controllerPid());
            doc.put("uptimeMillis", status.uptimeMillis());
            doc.put("queued", status.queued());
            doc.put("submitted", status.submitted());
            doc.put("completed", status.completed());
            doc.put("failed", status.failed());
            doc.put("clients", status.clients());
            doc.put("untakenResults", status.untaken());
            doc.put("storedRecords", status.stored());
            doc.put("heartbeatMillis", status.heartbeatMillis());
            doc.put("heartbeatStretched", status.heartbeatStretched());
            doc.put("lostAfterMillis", status.lostAfterMillis());
            doc.put("engines", status.engines());
            doc.put("supervisorProblem", supervisorProblem(cluster));
            doc.put("adapt", AdaptNote.in(status.notes()).orElse(null));
            doc.put("launched", cluster.launched().stream().map(l -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("role", l.role());
                m.put("backend", l.backend());
                m.put("id", l.id());
                m.put("processes", l.processCount());
                m.put("state", cluster.states().getOrDefault(l, State.UNKNOWN).name());
                return m;
            }).toList());
            out().println(Json.of(doc));
            return ExitCode.OK;
        }
        List<EngineInfo> engines = status.engines();
        long live = engines.stream().filter(e -> e.state().live()).count();
        out().printf("cluster %s: %d engine(s), %d queued, %d done, %d failed, up %ds%n", cluster.dir().name(),
                live, status.queued(), status.completed(), status.failed(), status.uptimeMillis() / 1000);
        if (status.untaken() > 0 || status.stored() > 0) {
            out().printf("  %d result(s) wait for their clients; the task store holds %d record(s)%n", status.untaken(),
                    Math.max(0, status.stored()));
        }
        if (status.heartbeatStretched()) {
            out().printf("  engines beat every %.1f s (more slowly than the profile's period, to stay within heartbeat.budget);"
                    + " a hung engine is noticed after %.1f s%n", status.heartbeatMillis() / 1000.0,
                    status.lostAfterMillis() / 1000.0);
        }
        out().printf("%4s  %-20s %8s  %-5s %8s %7s %7s %9s %10s%n", "ID", "HOST", "PID", "STATE", "DONE", "FAILED",
                "RUNNING", "HEARTBEAT", "HEAP");
        for (EngineInfo e : engines) {
            out().printf("%4d  %-20s %8d  %-5s %8d %7d %7d %8.1fs %10s%n", e.id(), truncate(e.host(), 20), e.pid(),
                    e.state(), e.tasksDone(), e.tasksFailed(), e.tasksRunning(), e.heartbeatAgeMillis() / 1000.0,
                    e.heapMax() <= 0 ? "-" : (e.heapUsed() >> 20) + "/" + (e.heapMax() >> 20) + "M");
        }
        AdaptNote.in(status.notes()).ifPresent(this::printAdapt);
        Path dashboard = cluster.dir().path().resolve(DashboardCommand.URL_FILE);
        if (Files.exists(dashboard)) {
            out().println("\ndashboard: " + Files.readString(dashboard).strip());
        }
        printJobs(cluster);
        if (!supervisorProblem(cluster).isEmpty()) {
            out().println("\nwarning: the cluster supervisor " + supervisorProblem(cluster));
        }
        return ExitCode.OK;
    }

    /** What the engine count's scaling does now and the last things it did. */
    private void printAdapt(AdaptNote a) {
        out().printf("%nadapt (%d..%d engines): %s%n", a.min(), a.max(), a.activity());
        List<String> recent = a.events().subList(Math.max(0, a.events().size() - 5), a.events().size());
        recent.forEach(e -> out().println("  " + e));
    }

    /** Why the supervisor stopped restoring the controller or replacing engines, or "". */
    private static String supervisorProblem(ClusterState cluster) throws IOException {
        Path f = cluster.dir().path().resolve("supervisor.problem");
        return Files.exists(f) ? Files.readString(f).strip() : "";
    }

    /**
     * Batch jobs with their scheduler's state, and launchers (mpiexec, srun) with theirs: the
     * controller's view of engines says nothing of jobs still queued.
     */
    private void printJobs(ClusterState cluster) {
        List<Launched> jobs = cluster.launched().stream().filter(l -> !l.backend().equals("local")).toList();
        if (jobs.isEmpty()) {
            return;
        }
        out().printf("%n%-16s %-10s %-24s %9s  %s%n", "JOB/PID", "BACKEND", "ROLE", "ENGINES", "STATE");
        for (Launched l : jobs) {
            out().printf("%-16s %-10s %-24s %9s  %s%n", l.id(), l.backend(), l.role(),
                    l.runsController() ? "-" : Integer.toString(l.processCount()),
                    cluster.states().getOrDefault(l, State.UNKNOWN));
        }
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
