package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.state.ClusterDir;
import dev.jcluster.launcher.state.ClusterState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which cluster a command acts on: --profile and --cluster-id, or the only one running. */
final class ClusterOptions {
    @Option(names = {"-p", "--profile"}, paramLabel = "NAME", description = "The cluster's profile.")
    String profile;

    @Option(names = {"-c", "--cluster-id"}, paramLabel = "ID", description = "The cluster's id (default: default).")
    String clusterId;

    /** Every known cluster matching the options given (all of them when none is given). */
    List<ClusterState> matching(Context ctx) throws IOException {
        List<ClusterState> out = new ArrayList<>();
        for (ClusterDir dir : ctx.home().clusters()) {
            ClusterState s = ClusterState.of(dir, ctx.backends());
            if ((profile == null || profile.equals(s.info().profile()))
                    && (clusterId == null || clusterId.equals(s.info().clusterId()))) {
                out.add(s);
            }
        }
        return out;
    }

    /** The one running cluster these options name; an error that lists the choices otherwise. */
    ClusterState running(Context ctx) throws CliException {
        List<ClusterState> running;
        try {
            running = matching(ctx).stream().filter(ClusterState::running).toList();
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read " + ctx.home().clustersDir() + ": " + e.getMessage());
        }
        if (running.size() == 1) {
            return running.get(0);
        }
        if (running.isEmpty()) {
            throw new CliException(ExitCode.FAILURE, "no running cluster" + described()
                    + "; start one with `jcluster start`, or see `jcluster list`");
        }
        throw new CliException(ExitCode.USAGE, running.size() + " clusters are running ("
                + String.join(", ", running.stream().map(s -> s.dir().name()).toList())
                + "); choose one with --profile and --cluster-id");
    }

    /** The one cluster these options name that was not stopped, running or not (its controller may have died). */
    ClusterState existing(Context ctx) throws CliException {
        List<ClusterState> found;
        try {
            found = matching(ctx).stream().filter(s -> !s.info().stopped()).toList();
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read " + ctx.home().clustersDir() + ": " + e.getMessage());
        }
        if (found.size() != 1) {
            throw new CliException(ExitCode.FAILURE, found.size() + " clusters that were not stopped match" + described());
        }
        return found.get(0);
    }

    private String described() {
        if (profile == null && clusterId == null) {
            return "";
        }
        return " for" + (profile == null ? "" : " profile " + profile) + (clusterId == null ? "" : " id " + clusterId);
    }
}
