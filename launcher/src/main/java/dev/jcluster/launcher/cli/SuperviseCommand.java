package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.launch.ClusterLauncher;
import dev.jcluster.launcher.launch.Reporter;
import dev.jcluster.launcher.launch.Supervisor;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.state.ClusterState;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The cluster supervisor's process (controller.restart, engines.keep-running), started by `start`; not for people to run. */
@Command(name = "supervise", hidden = true,
        description = "Restore a controller that died and keep a running cluster at N engines (started by `start`).")
final class SuperviseCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @Option(names = "-n", required = true, description = "Engines to keep (0: leave engines alone).")
    int engines;

    @Option(names = "--restore-controller", description = "Start a controller that died again from its store.")
    boolean restoreController;

    SuperviseCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        ClusterState cluster = which.existing(ctx);
        Profile profile = ProfileCommand.load(ctx, cluster.info().profile());
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss");
        Reporter log = new Reporter() {
            @Override
            public synchronized void line(String text) {
                out().println(LocalTime.now().format(clock) + " " + text);
                out().flush();
            }

            @Override
            public void progress(String label, int done, int total) {
                if (done >= total) {
                    line(label + ": " + done + "/" + total);
                }
            }
        };
        return new Supervisor(new ClusterLauncher(ctx.backends(), ctx.home(), ctx.jobTemplates(), log),
                ctx.backends(), cluster.dir(), profile, engines, restoreController, log).run();
    }
}
