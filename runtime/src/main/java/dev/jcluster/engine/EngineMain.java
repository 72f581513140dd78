package dev.jcluster.engine;

import dev.jcluster.internal.Args;
import dev.jcluster.internal.NettyDefaults;
import dev.jcluster.protocol.ConnectionInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine process. Finds its controller from {@code --connection-file} or
 * {@code $JCLUSTER_CONNECTION_FILE}; its id from {@code --engine-id}, {@code $JCLUSTER_ENGINE_ID}
 * or the MPI/Slurm rank, else the controller's choice. Exits 0 when told to stop, 1 otherwise.
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
            Args args = Args.parse(argv, "connection-file", "engine-id", "reconnect-deadline-ms", "connect-timeout-ms");
            String file = args.get("connection-file", System.getenv(ConnectionInfo.ENV_FILE));
            if (file == null) {
                System.err.println("jcluster engine: no connection file: pass --connection-file or set "
                        + ConnectionInfo.ENV_FILE);
                return 2;
            }
            ConnectionInfo info = ConnectionInfo.read(Path.of(file));
            int id = args.getInt("engine-id", EngineIdentity.fromEnvironment(System.getenv()));
            EngineConfig config = EngineConfig.of(info).withEngineId(id)
                    .withReconnectDeadline(Duration.ofMillis(args.getInt("reconnect-deadline-ms", 60_000)));
            config = new EngineConfig(config.connection(), config.engineId(),
                    Duration.ofMillis(args.getInt("connect-timeout-ms", 10_000)), config.reconnectDeadline(),
                    config.maxFrameBytes(), config.serializer());
            Engine engine = Engine.start(config);
            drainBeforeWalltime(engine, System.getenv());
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "jcluster-engine-shutdown"));
            engine.terminated().join();
            return 0;
        } catch (Exception e) {
            log.error("engine failed: {}", e.getMessage());
            System.err.println("jcluster engine: " + e.getMessage());
            return 1;
        }
    }
}
