package dev.jcluster.launcher.launch;

import dev.jcluster.backends.batch.BatchBackend;
import dev.jcluster.backends.nodes.Allocation;
import dev.jcluster.backends.spi.Backend;
import dev.jcluster.backends.spi.BackendOptions;
import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Backends;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.backends.spi.State;
import dev.jcluster.client.Client;
import dev.jcluster.controller.store.MvTaskStore;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.state.ClusterDir;
import dev.jcluster.launcher.state.ClusterInfo;
import dev.jcluster.launcher.state.ClusterState;
import dev.jcluster.launcher.state.JClusterHome;
import dev.jcluster.protocol.ConnectionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Starts a cluster as a profile describes it: the controller, then (once it has written its
 * connection file) the engines, then waits until they have registered. Whatever fails on the
 * way, everything already started is stopped again and the error says why, with log tails.
 */
public final class ClusterLauncher {
    private static final Duration POLL = Duration.ofMillis(100);

    private final Backends backends;
    private final JClusterHome home;
    private final JobTemplates templates;
    private final Reporter reporter;

    public ClusterLauncher(Backends backends, JClusterHome home, JobTemplates templates, Reporter reporter) {
        this.backends = backends;
        this.home = home;
        this.templates = templates;
        this.reporter = reporter;
    }

    /** What a successful start leaves: the cluster folder and the engine ids registered. */
    public record Started(ClusterDir dir, ConnectionInfo connection, List<Integer> engineIds) {
    }

    /**
     * Starts controller and engines; waits for the engines unless {@code waitForEngines} is false.
     * {@code foreground} records this process as the cluster's launcher (it stops the cluster on exit).
     */
    public Started start(Profile profile, String clusterId, int engines, Duration timeout, boolean waitForEngines,
                         boolean foreground) throws LaunchException {
        ClusterDir dir = home.cluster(profile.name(), clusterId);
        try {
            Optional<String> unsafe = home.notUsersAlone(dir);
            if (unsafe.isPresent()) {
                throw new LaunchException("refusing to start: " + unsafe.get());
            }
        } catch (IOException e) {
            throw new LaunchException("cannot check " + home.root() + ": " + e.getMessage(), e);
        }
        refuseIfRunning(dir);
        checkReach(profile);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            dir.create();
            dir.resetLaunched();
            Files.deleteIfExists(dir.connectionFile());
            Files.deleteIfExists(dir.engineConnectionFile());
            dir.writeInfo(new ClusterInfo(profile.name(), clusterId, profile.controller().backend(),
                    profile.engines().backend(), System.currentTimeMillis(), foreground ? ProcessHandle.current().pid() : 0, false));
        } catch (IOException e) {
            throw new LaunchException("cannot prepare " + dir.path() + ": " + e.getMessage(), e);
        }
        try {
            if (profile.adapt().enabled()) {
                trial(profile, dir);
            }
            if (profile.controller().tls()) {
                TlsFiles.generate(dir, clusterId);
            }
            Launched controller = launch(profile, profile.controller().backend(),
                    List.of(ProcessSpecs.controller(profile, dir, clusterId, false)), dir).get(0);
            ConnectionInfo info = awaitConnectionFile(dir, controller, profile, deadline, -1);
            reporter.line("controller listening on " + String.join(", ",
                    info.addresses().stream().map(ConnectionInfo::format).toList()));
            List<Launched> engineProcs = launch(profile, profile.engines().backend(),
                    ProcessSpecs.engines(profile, dir, 0, engines), dir);
            List<Integer> ids = waitForEngines
                    ? awaitEngines(dir, info, watch(dir, engineProcs, profile), engines, Set.of(), deadline, timeout)
                    : List.of();
            return new Started(dir, info, ids);
        } catch (LaunchException | RuntimeException e) {
            abandon(dir);
            throw e;
        }
    }

    /** Adds {@code count} engines to a running cluster and waits for them. */
    public List<Integer> addEngines(ClusterState cluster, Profile profile, int count, Duration timeout)
            throws LaunchException {
        ClusterDir dir = cluster.dir();
        try {
            ConnectionInfo info = ConnectionInfo.read(dir.connectionFile());
            Set<Integer> before;
            try (Client c = Client.connect(info)) {
                before = Set.copyOf(c.ids());
            }
            List<Launched> procs = launchEngines(dir, profile, count);
            return awaitEngines(dir, info, watch(dir, procs, profile), count, before,
                    System.nanoTime() + timeout.toNanos(), timeout);
        } catch (IOException e) {
            throw new LaunchException("cannot reach cluster " + dir.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Launches {@code count} more engines of a running cluster (submits their job) and returns at once:
     * their ids go on from the engines launched so far, not counting tunnels or the supervisor.
     */
    public List<Launched> launchEngines(ClusterDir dir, Profile profile, int count) throws LaunchException {
        String backend = profile.engines().backend();
        List<Launched> engines;
        try {
            engines = dir.launched().stream().filter(l -> l.role().startsWith("engine")).toList();
        } catch (IOException e) {
            throw new LaunchException("cannot read " + dir.path() + ": " + e.getMessage(), e);
        }
        int first = engines.stream().mapToInt(Launched::processCount).sum();
        List<Launched> ofBackend = engines.stream().filter(l -> l.backend().equals(backend)).toList();
        Map<Launched, State> states = ClusterState.statesOf(ofBackend, dir.configure(backends));
        List<Launched> running = ofBackend.stream().filter(l -> states.get(l).alive()).toList();
        return launch(profile, backend, ProcessSpecs.engines(profile, dir, first, count), dir, running);
    }

    /**
     * Starts a controller from the store the one that died left, on the same port with the same key;
     * engines and clients find it on their own (they keep trying for their reconnect deadlines).
     */
    public ConnectionInfo restoreController(ClusterDir dir, Profile profile, Duration timeout) throws LaunchException {
        ClusterState state;
        long oldPid;
        try {
            if (!dir.hasInfo() || !Files.exists(dir.connectionFile())) {
                throw new LaunchException("nothing to restore: " + dir.path() + " holds no cluster that was started");
            }
            if (!Files.exists(dir.storeFile())) {
                throw new LaunchException("nothing to restore: cluster " + dir.name() + " ran without a task store "
                        + "(controller.store: false), so what it held died with its controller");
            }
            state = ClusterState.of(dir, backends);
            oldPid = ConnectionInfo.read(dir.connectionFile()).controllerPid();
        } catch (IOException e) {
            throw new LaunchException("cannot read " + dir.path() + ": " + e.getMessage(), e);
        }
        if (state.running()) {
            throw new LaunchException("cluster " + dir.name() + " has a running controller: nothing to restore");
        }
        if (state.info().stopped()) {
            throw new LaunchException("cluster " + dir.name() + " was stopped with `jcluster stop`; start it anew");
        }
        Launched controller = launch(profile, profile.controller().backend(),
                List.of(ProcessSpecs.controller(profile, dir, state.info().clusterId(), true)), dir).get(0);
        ConnectionInfo info = awaitConnectionFile(dir, controller, profile, System.nanoTime() + timeout.toNanos(),
                oldPid);
        reporter.line("controller restored from " + dir.storeFile().getFileName() + ", listening on " + String.join(", ",
                info.addresses().stream().map(ConnectionInfo::format).toList()));
        return info;
    }

    /**
     * An elastic cluster submits jobs long after it started: a queue or account the scheduler refuses
     * must fail the start, not an hour later. The scheduler checks the largest job it may be sent.
     */
    private void trial(Profile profile, ClusterDir dir) throws LaunchException {
        String name = profile.engines().backend();
        try {
            backends.create(name, templates.options(profile, name))
                    .trial(ProcessSpecs.engines(profile, dir, 0, profile.adapt().max()));
        } catch (BackendException e) {
            throw new LaunchException(e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new LaunchException(e.getMessage());
        }
    }

    /** A controller on loopback with engines elsewhere is refused before anything starts. */
    private void checkReach(Profile profile) throws LaunchException {
        String name = profile.engines().backend();
        ControllerReach.check(profile, () -> {
            try {
                return backends.create(name, templates.options(profile, name));
            } catch (IllegalArgumentException | IllegalStateException e) {
                return null;  // the launch itself reports what is wrong with the backend
            }
        });
    }

    private void refuseIfRunning(ClusterDir dir) throws LaunchException {
        if (!dir.hasInfo()) {
            return;
        }
        try {
            ClusterState state = ClusterState.of(dir, backends);
            if (state.running()) {
                throw new LaunchException("cluster " + dir.name() + " is already running (" + state.liveProcesses()
                        + " processes); stop it with `jcluster stop --profile " + state.info().profile()
                        + " --cluster-id " + state.info().clusterId() + "`, or start another with --cluster-id NAME");
            }
            if (state.condition() == ClusterState.Condition.STALE) {
                long held = storeRecords(dir);
                if (held > 0) {
                    // starting afresh would empty the store: the user's work must not go that quietly
                    throw new LaunchException("the controller of cluster " + dir.name() + " died with " + held
                            + " unfinished task(s) or untaken result(s) in its store; bring it back with them: "
                            + "`jcluster start --profile " + state.info().profile() + " --cluster-id "
                            + state.info().clusterId() + " --restore`, or drop them with `jcluster clean`");
                }
                new ClusterStopper(backends, Reporter.SILENT).stop(state, Duration.ofSeconds(2));
                reporter.line("replaced stale state of " + dir.name() + " (its controller was gone)");
            }
        } catch (IOException e) {
            throw new LaunchException("cannot read " + dir.path() + ": " + e.getMessage(), e);
        }
    }

    /** Tasks and results a dead controller left in the cluster's store; 0 without one. */
    private static long storeRecords(ClusterDir dir) throws IOException {
        if (!Files.exists(dir.storeFile())) {
            return 0;
        }
        try (MvTaskStore store = MvTaskStore.open(dir.storeFile())) {
            return store.size();
        }
    }

    /** Watches with the cluster's own backend options (its SSH keys, say), written when it was launched. */
    private JobWatch watch(ClusterDir dir, List<Launched> launched, Profile profile) {
        return new JobWatch(dir.configure(backends), launched, reporter, profile.batch().queue());
    }

    private List<Launched> launch(Profile profile, String backendName, List<ProcessSpec> specs, ClusterDir dir)
            throws LaunchException {
        return launch(profile, backendName, specs, dir, List.of());
    }

    /** Launches {@code specs} through the named backend, beside {@code running} (its launches still alive). */
    private List<Launched> launch(Profile profile, String backendName, List<ProcessSpec> specs, ClusterDir dir,
                                  List<Launched> running) throws LaunchException {
        Backend backend;
        try {
            BackendOptions options = templates.options(profile, backendName);
            dir.writeBackendOptions(options);
            backend = backends.create(backendName, options);
            Optional<Allocation> allocation = Allocation.detect(System.getenv());
            if (backend instanceof BatchBackend && allocation.isPresent()
                    && profile.batch().insideAllocation().equals("use")) {
                reporter.line("inside " + allocation.get().describe() + ": starting " + specs.size() + " "
                        + (specs.size() == 1 ? specs.get(0).role() : "engines") + " on its nodes instead of "
                        + "submitting to " + backendName + " (batch.inside-allocation: submit to submit anyway)");
                backend = backends.create("allocation", options);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new LaunchException(e.getMessage());
        } catch (IOException e) {
            throw new LaunchException("cannot write " + dir.path() + "/backend-options.json: " + e.getMessage(), e);
        }
        try {
            return backend.startBeside(specs, running, dir::record);
        } catch (BackendException e) {
            throw new LaunchException(e.getMessage(), e);
        }
    }

    /** Waits for a connection file written by a controller other than {@code oldPid} (-1: any). */
    private ConnectionInfo awaitConnectionFile(ClusterDir dir, Launched controller, Profile profile, long deadline,
                                               long oldPid) throws LaunchException {
        JobWatch watch = watch(dir, List.of(controller), profile);
        while (true) {
            if (Files.exists(dir.connectionFile())) {
                try {
                    ConnectionInfo info = ConnectionInfo.read(dir.connectionFile());
                    if (info.controllerPid() != oldPid) {
                        return info;
                    }
                } catch (IOException e) {
                    throw new LaunchException("the controller wrote an unreadable connection file: " + e.getMessage());
                }
            }
            if (!watch.dead().isEmpty()) {
                throw new LaunchException("the controller exited before it was listening:\n"
                        + watch.explain(List.of(controller)));
            }
            if (System.nanoTime() > deadline) {
                throw new LaunchException("the controller did not start listening in time:\n"
                        + LogTail.of(dir.controllerLog(), 15));
            }
            pause();
        }
    }

    /**
     * Waits for {@code wanted} engines that were not among {@code before}: counting only new ones,
     * an engine of {@code before} lost meanwhile cannot make the wait run to its deadline.
     */
    private List<Integer> awaitEngines(ClusterDir dir, ConnectionInfo info, JobWatch watch, int wanted,
                                       Set<Integer> before, long deadline, Duration timeout) throws LaunchException {
        try (Client client = Client.connect(info)) {
            while (true) {
                List<Integer> ids = client.ids();
                int added = (int) ids.stream().filter(id -> !before.contains(id)).count();
                reporter.progress("engines registered", added, wanted);
                if (added >= wanted) {
                    return ids;
                }
                // an engine process or job that ended can no longer register: waiting on would be in vain
                List<Launched> dead = watch.dead();
                if (!dead.isEmpty()) {
                    int processes = dead.stream().mapToInt(Launched::processCount).sum();
                    throw new LaunchException(processes + " of " + wanted
                            + " engines ended before all had registered:\n" + watch.explain(dead));
                }
                if (System.nanoTime() > deadline) {
                    throw new LaunchException(added + " of " + wanted
                            + " engines registered within " + timeout.toSeconds()
                            + " s (raise it with --timeout or timeouts.start); what was launched:\n"
                            + watch.explain(watch.launched()));
                }
                pause();
            }
        } catch (IOException e) {
            throw new LaunchException("lost the controller while waiting for engines: " + e.getMessage()
                    + "\n" + LogTail.of(dir.controllerLog(), 15), e);
        }
    }

    private void abandon(ClusterDir dir) {
        try {
            new ClusterStopper(backends, Reporter.SILENT).stop(ClusterState.of(dir, backends), Duration.ofSeconds(2));
        } catch (IOException | LaunchException e) {
            reporter.line("warning: could not clean up after the failed start: " + e.getMessage());
        }
    }

    private static void pause() throws LaunchException {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted");
        }
    }
}
