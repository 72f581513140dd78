package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import dev.jcluster.launcher.dashboard.Dashboard;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.state.ClusterState;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dashboard", sortOptions = false,
        description = {"Serve a live web page for a running cluster: its engines, the queue and tasks per second",
                "over time, a stream of tasks per engine, and failures with their stack traces and output.",
                "It prints a URL with an access token; without the token every request gets 403."},
        footer = {"", "It listens on loopback unless --bind (or the profile's controller.dashboard-bind) says",
                "otherwise; from a laptop, forward the port and open the same URL there:",
                "  ssh -L 8787:127.0.0.1:8787 login-node", "",
                "With controller.dashboard: true in the profile, `start` runs it until `stop`; the URL is then in",
                "the cluster's folder (dashboard.url) and `jcluster status` prints it.", "",
                "Examples:", "  jcluster dashboard", "  jcluster dashboard --profile slurm --port 8787"})
final class DashboardCommand extends BaseCommand {
    static final String URL_FILE = "dashboard.url";

    @Mixin
    ClusterOptions which;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: the profile's "
            + "controller.dashboard-port; 0: any free port).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Interface to listen on (default: the "
            + "profile's controller.dashboard-bind, 127.0.0.1).")
    String bind;

    DashboardCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        ClusterState cluster = which.running(ctx);
        Profile profile = ProfileCommand.load(ctx, cluster.info().profile());
        String address = bind != null ? bind : profile.controller().dashboardBind();
        int listen = port != null ? port : profile.controller().dashboardPort();
        try (Client client = Connect.to(cluster);
             Dashboard dashboard = Dashboard.start(client, cluster.dir().name(), address, listen,
                     problem -> err().println("dashboard: " + problem))) {
            String host = address.equals("0.0.0.0") || address.equals("::") ? InetAddress.getLocalHost().getHostName()
                    : address;
            String url = dashboard.url(host);
            writeUrl(cluster.dir().path().resolve(URL_FILE), url);
            out().println("dashboard of cluster " + cluster.dir().name() + ":");
            out().println("  " + url);
            out().println("  from a laptop: ssh -L " + dashboard.port() + ":" + host + ":" + dashboard.port() + " "
                    + InetAddress.getLocalHost().getHostName() + ", then open the URL with 127.0.0.1 as host");
            out().println("  Ctrl-C stops it; it ends by itself when the cluster stops");
            out().flush();
            awaitEnd(cluster);
        }
        return ExitCode.OK;
    }

    /** Until Ctrl-C (the shutdown hook) or the cluster is stopped. */
    private void awaitEnd(ClusterState cluster) throws IOException, InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread hook = new Thread(interrupted::countDown, "jcluster-dashboard-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        while (!interrupted.await(1, TimeUnit.SECONDS)) {
            if (cluster.dir().info().stopped()) {
                out().println("the cluster was stopped; the dashboard ends");
                break;
            }
        }
        Files.deleteIfExists(cluster.dir().path().resolve(URL_FILE));
    }

    /** The URL holds the token: readable by its owner only, as the connection file. */
    private static void writeUrl(Path file, String url) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, url + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
