package dev.jcluster.launcher.launch;

import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.engine.RestartLoop;
import dev.jcluster.internal.HugePages;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.state.ClusterDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The controller and engine processes a profile asks for, as backend-neutral specs. */
public final class ProcessSpecs {
    private ProcessSpecs() {
    }

    /** With {@code restore}, the controller starts from the store a controller that died left (same key, same port). */
    public static ProcessSpec controller(Profile p, ClusterDir dir, String clusterId, boolean restore) {
        Profile.Controller c = p.controller();
        List<String> args = new ArrayList<>(List.of(
                "--connection-file", dir.connectionFile().toString(),
                "--engine-connection-file", dir.engineConnectionFile().toString(),
                "--cluster-id", clusterId,
                "--bind", c.bind(),
                "--port", Integer.toString(c.port()),
                "--heartbeat-ms", Long.toString(p.heartbeat().period().toMillis()),
                "--missed-beats", Integer.toString(p.heartbeat().missedBeats()),
                "--heartbeat-budget", Integer.toString(p.heartbeat().budget()),
                "--scheduling", c.scheduling().toUpperCase(Locale.ROOT).replace('-', '_'),
                "--max-outstanding", Integer.toString(c.maxOutstanding()),
                "--prefetch-window-us", Long.toString(c.prefetchWindow().toNanos() / 1000),
                "--history", Integer.toString(c.history()),
                "--history-value-bytes", Long.toString(c.historyValueBytes()),
                "--keep-untaken-ms", Long.toString(c.keepUntaken().toMillis()),
                "--max-value-bytes", Long.toString(c.maxValueBytes())));
        if (!c.advertise().isEmpty()) {
            args.addAll(List.of("--advertise", String.join(",", c.advertise())));
        }
        if (c.store()) {
            args.addAll(List.of("--store", dir.storeFile().toString(), "--restore-grace-ms",
                    Long.toString(p.timeouts().engineReconnect().plusSeconds(30).toMillis())));
        }
        if (restore) {
            args.addAll(List.of("--restore", "true"));
        }
        if (c.tls()) {
            args.addAll(List.of("--tls-keystore", TlsFiles.keystore(dir).toString(),
                    "--tls-password-file", TlsFiles.password(dir).toString()));
        }
        List<String> jvm = c.backend().equals("local")
                ? onThisHost(HugePages.requestedWith(c.jvmOptions()),
                        ClassArchive.of(dir.cacheDir(), "controller", JavaCommand.classPath(List.of())).jvmOptions(dir.name(), true))
                : c.jvmOptions();
        return new ProcessSpec("controller", JavaCommand.of(jvm, List.of(),
                "dev.jcluster.controller.ControllerMain", args), dir.path(), Map.of(), dir.controllerLog());
    }

    /**
     * Options of a JVM the launcher starts on this host, whose kernel and cache it knows (not a
     * remote node's): {@code hugePaged} (see {@link HugePages}), then the role's class archive.
     */
    private static List<String> onThisHost(List<String> hugePaged, List<String> archiveOptions) {
        List<String> out = new ArrayList<>(hugePaged);
        out.addAll(archiveOptions);
        return out;
    }

    /**
     * A batch job's memory request is a hard limit the JVM does not see (it sizes its heap from the
     * node's memory): keep the heap at three quarters of it unless the profile sets -Xmx itself.
     */
    static List<String> heapFor(Profile p) {
        List<String> options = p.engines().jvmOptions();
        double gib = p.batch().memoryGib();
        if (p.engines().backend().equals("local") || gib <= 0 || options.stream().anyMatch(o -> o.startsWith("-Xmx"))) {
            return options;
        }
        List<String> out = new ArrayList<>(options);
        out.add(0, "-Xmx" + Math.max(64, (long) (gib * 1024 * 0.75)) + "m");
        return out;
    }

    /**
     * Loops keep their safepoint polls whatever collector the profile picks (G1 keeps them already):
     * without them one long numeric loop in a task holds the whole engine JVM at the next safepoint,
     * its heartbeats too, until the controller takes it for lost. First, so the profile can say otherwise.
     */
    static List<String> withLoopSafepoints(List<String> options) {
        if (options.stream().anyMatch(o -> o.contains("CountedLoopSafepoints") || o.contains("LoopStripMiningIter"))) {
            return options;
        }
        List<String> out = new ArrayList<>(List.of("-XX:+UseCountedLoopSafepoints", "-XX:LoopStripMiningIter=1000"));
        out.addAll(options);
        return out;
    }

    /**
     * Engines {@code first .. first+count-1} (indexes name their logs; the controller assigns ids).
     * Local engines map the engines' class archive, or the first of them writes it (see {@link ClassArchive}).
     */
    public static List<ProcessSpec> engines(Profile p, ClusterDir dir, int first, int count) {
        Profile.Engines e = p.engines();
        boolean local = e.backend().equals("local");
        List<String> sized = withLoopSafepoints(heapFor(p));
        List<String> heap = local ? HugePages.requestedWith(sized) : sized;
        List<String> args = List.of("--connection-file", dir.engineConnectionFile().toString(),
                "--reconnect-deadline-ms", Long.toString(p.timeouts().engineReconnect().toMillis()),
                "--task-stop-grace-ms", Long.toString(p.timeouts().taskStopGrace().toMillis()));
        ClassArchive archive = local ? ClassArchive.of(dir.cacheDir(), "engine", JavaCommand.classPath(e.classpath())) : null;
        Path work = e.workingDirectory().isBlank() ? null : Path.of(e.workingDirectory());
        List<ProcessSpec> out = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            List<String> options = local ? onThisHost(heap, archive.jvmOptions(dir.name(), i == first)) : heap;
            List<String> java = JavaCommand.of(options, e.classpath(), "dev.jcluster.engine.EngineMain", args);
            // Windows nodes have no POSIX shell: there an engine that must stop a stuck task exits for good
            List<String> cmd = e.backend().equals("winhpc") ? java : RestartLoop.around(java);
            out.add(new ProcessSpec("engine-" + i, cmd, work, e.environment(), dir.engineLog(i)));
        }
        return out;
    }
}
