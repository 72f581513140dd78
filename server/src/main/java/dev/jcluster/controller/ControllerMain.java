package dev.jcluster.controller;

import dev.jcluster.internal.Args;
import dev.jcluster.internal.NettyDefaults;
import dev.jcluster.protocol.ClusterKey;
import dev.jcluster.protocol.ConnectionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller process: binds, writes the connection file (mode 0600) once it listens, and runs
 * until a client asks the cluster to stop or the process is signalled. Started by the launcher.
 */
public final class ControllerMain {
    private static final Logger log = LoggerFactory.getLogger(ControllerMain.class);

    private ControllerMain() {
    }

    public static void main(String[] argv) {
        NettyDefaults.apply();
        try {
            run(argv);
            System.exit(0);
        } catch (Exception e) {
            // one line a person can act on; the launcher shows the end of this log when start fails
            log.error("controller failed: {}", e.getMessage());
            System.err.println("jcluster controller: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] argv) throws Exception {
        Args args = Args.parse(argv, "connection-file", "cluster-id", "bind", "port", "advertise", "heartbeat-ms",
                "missed-beats", "heartbeat-budget", "scheduling", "max-outstanding", "prefetch-window-us", "max-retained-results", "reuse-key", "history", "history-value-bytes", "engine-connection-file",
                "tls-keystore", "tls-password-file", "store", "restore", "restore-grace-ms", "queued-in-memory", "queued-value-mib", "held-value-mib", "keep-untaken-ms",
                "max-value-bytes");
        Path file = Path.of(args.get("connection-file", "connection.properties"));
        boolean restore = "true".equals(args.get("restore", "false"));
        // a restored controller must be found where its engines and clients look: same key, same port
        ConnectionInfo previous = (restore || "true".equals(args.get("reuse-key", "false"))) && Files.exists(file)
                ? ConnectionInfo.read(file) : null;
        if (restore && previous == null) {
            throw new IllegalStateException("cannot restore: no connection file at " + file
                    + " (the controller to restore never started here)");
        }
        ClusterKey key = previous != null ? previous.key() : ClusterKey.random();
        int port = restore ? previous.addresses().get(0).getPort() : args.getInt("port", 0);
        ControllerConfigBuilder config = ControllerConfig.builder(key)
                .clusterId(args.get("cluster-id", "default"))
                .bindHost(args.get("bind", "127.0.0.1"))
                .port(port)
                .heartbeat(Duration.ofMillis(args.getInt("heartbeat-ms", 700)), args.getInt("missed-beats", 4))
                .heartbeatBudget(args.getInt("heartbeat-budget", ControllerConfig.DEFAULT_HEARTBEAT_BUDGET))
                .scheduling(ControllerConfig.Scheduling.valueOf(args.get("scheduling", "LEAST_LOAD")))
                .maxOutstandingPerEngine(args.getInt("max-outstanding", 4))
                .prefetchWindow(Duration.ofNanos(1000L * args.getInt("prefetch-window-us",
                        Math.toIntExact(ControllerConfig.DEFAULT_PREFETCH_WINDOW.toNanos() / 1000))))
                .maxRetainedResults(args.getInt("max-retained-results", 100_000))
                .historySize(args.getInt("history", 10_000))
                .historyValueBytes(Long.parseLong(args.get("history-value-bytes", Long.toString(32L << 20))));
        if (args.has("advertise")) {
            List<String> hosts = Arrays.stream(args.get("advertise", "").split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList();
            config.advertise(hosts);
        }
        if (args.has("max-value-bytes")) {
            config.maxValueBytes(Long.parseLong(args.get("max-value-bytes", "0")));
        }
        if (args.has("keep-untaken-ms")) {
            config.keepUntaken(Duration.ofMillis(Long.parseLong(args.get("keep-untaken-ms", "0"))));
        }
        if (args.has("store")) {
            config.store(Path.of(args.get("store", "")), restore);
            config.restoreGrace(Duration.ofMillis(args.getInt("restore-grace-ms", 90_000)));
            if (args.has("queued-in-memory")) {
                config.queuedTasksInMemory(args.getInt("queued-in-memory", 50_000));
            }
            if (args.has("queued-value-mib")) {
                config.queuedValueBytesInMemory((long) args.getInt("queued-value-mib", 64) << 20);
            }
            if (args.has("held-value-mib")) {
                config.heldValueBytesInMemory((long) args.getInt("held-value-mib", 32) << 20);
            }
        } else if (restore) {
            throw new IllegalStateException("cannot restore without a task store (--store)");
        }
        if (args.has("tls-keystore")) {
            // the password comes in a file (0600, next to the keystore), never on the command line
            String password = Files.readString(Path.of(args.get("tls-password-file", ""))).strip();
            config.tls(Path.of(args.get("tls-keystore", "")), password.toCharArray());
        }
        Controller controller = Controller.start(config.build());
        Runtime.getRuntime().addShutdownHook(new Thread(controller::close, "jcluster-controller-shutdown"));
        if (args.has("engine-connection-file")) {
            // written first: once the cluster's file is there, so is the engines'
            controller.engineConnectionInfo().write(Path.of(args.get("engine-connection-file", "")));
        }
        controller.connectionInfo().write(file);
        log.info("connection file written to {}", file.toAbsolutePath());
        CompilerPriority.lowerInBackground();
        controller.terminated().join();
        log.info("controller stopped");
    }
}
