package dev.jcluster.engine;

import dev.jcluster.internal.Args;
import dev.jcluster.internal.NettyDefaults;
import dev.jcluster.protocol.ConnectionInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine process. Finds its controller from {@code --connection-file} or
 * {@code $JCLUSTER_CONNECTION_FILE}; its id from {@code --engine-id}, {@code $JCLUSTER_ENGINE_ID}
 * or the MPI/Slurm rank, else the controller's choice. Exits 0 when told to stop, 75 to be restarted
 * by its {@link RestartLoop} ({@code --restart-file}) after a task ignored its abort, 1 otherwise.
 */
public final class EngineMain {
    private static final Logger log = LoggerFactory.getLogger(EngineMain.class);

    private EngineMain() {
    }

    public static void main(String[] argv) {
        NettyDefaults.apply();
        int code = run(argv);
        System.exit(code);
    }

    /**
     * In a batch job whose script exported JCLUSTER_JOB_END (epoch seconds), stop taking tasks
     * JCLUSTER_WALLTIME_MARGIN seconds (default 120) before it, so no task is cut off by the scheduler.
     */
    static void drainBeforeWalltime(Engine engine, Map<String, String> env) {
        String end = env.get("JCLUSTER_JOB_END");
        if (end == null || end.isBlank()) {
            return;
        }
        long margin = Long.parseLong(env.getOrDefault("JCLUSTER_WALLTIME_MARGIN", "120").trim());
        Instant endAt = Instant.ofEpochSecond(Long.parseLong(end.trim()));
        engine.drainAt(endAt.minusSeconds(margin), "the batch job's walltime ends at " + endAt
                + "; leaving " + margin + " s before it");
    }

    private static int run(String[] argv) {
        try {
            Args args = Args.parse(argv, "connection-file", "engine-id", "reconnect-deadline-ms", "connect-timeout-ms",
                    "task-stop-grace-ms", "restart-file");
            String file = args.get("connection-file", System.getenv(ConnectionInfo.ENV_FILE));
            if (file == null) {
                System.err.println("jcluster engine: no connection file: pass --connection-file or set "
                        + ConnectionInfo.ENV_FILE);
                return 2;
            }
            ConnectionInfo info = ConnectionInfo.read(Path.of(file));
            int id = args.getInt("engine-id", EngineIdentity.fromEnvironment(System.getenv()));
            String restartFile = args.get("restart-file", null);
            Optional<RestartFile> before = restartFile == null ? Optional.empty() : RestartFile.read(Path.of(restartFile));
            before.ifPresent(b -> log.warn("restarted as engine {} after stopping a task that ignored its abort;"
                    + " JShell state and pushed values start empty", b.engineId()));
            EngineConfig config = EngineConfig.of(info)
                    .withReconnectDeadline(Duration.ofMillis(args.getInt("reconnect-deadline-ms", 60_000)))
                    .withConnectTimeout(Duration.ofMillis(args.getInt("connect-timeout-ms", 10_000)))
                    .withTaskStopGrace(Duration.ofMillis(args.getInt("task-stop-grace-ms",
                            (int) EngineConfig.DEFAULT_TASK_STOP_GRACE.toMillis())))
                    .exitingWhenStuck(restartFile == null ? null : Path.of(restartFile),
                            before.map(RestartFile::engineId).orElse(id), before.map(RestartFile::uuid).orElse(null));
            Engine engine = Engine.start(config);
            drainBeforeWalltime(engine, System.getenv());
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "jcluster-engine-shutdown"));
            if (restartFile != null) {
                leaveWithLoop(engine);
            }
            engine.terminated().join();
            return engine.exitStatus();
        } catch (Exception e) {
            log.error("engine failed: {}", e.getMessage());
            System.err.println("jcluster engine: " + e.getMessage());
            return 1;
        }
    }

    /** An engine whose restart loop was killed outright (SIGKILL) stops too, rather than run on unseen. */
    private static void leaveWithLoop(Engine engine) {
        ProcessHandle.current().parent().ifPresent(loop -> loop.onExit().thenRun(() -> {
            log.warn("its restart loop (pid {}) is gone; engine {} stops", loop.pid(), engine.id());
            engine.close();
        }));
    }
}
