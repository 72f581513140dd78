package dev.jcluster.launcher.launch;

import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Backends;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.State;
import dev.jcluster.client.Client;
import dev.jcluster.launcher.adapt.AdaptNote;
import dev.jcluster.launcher.adapt.AdaptPolicy;
import dev.jcluster.launcher.adapt.Decision;
import dev.jcluster.launcher.adapt.EngineRange;
import dev.jcluster.launcher.adapt.Observation;
import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.state.ClusterDir;
import dev.jcluster.launcher.state.ClusterState;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.EngineState;
import dev.jcluster.protocol.Status;
import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes a running cluster follow its queue (profile section {@code adapt}): at each look it reads
 * the controller's status and the backends' states, lets {@link AdaptPolicy} decide, launches
 * engines through the profile's own backend without waiting for them, and retires idle ones by
 * draining them. What it does and remembers goes to the controller as a note ({@link AdaptNote}).
 */
final class Adapter {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ClusterLauncher launcher;
    private final Backends backends;
    private final ClusterDir dir;
    private final Profile profile;
    private final Reporter log;
    private final AdaptPolicy policy;
    /** Engine ids ever seen registered: a launch holding only these has nothing more on its way. */
    private final Set<Integer> registered = new HashSet<>();
    /** What this adapter launched and has not yet judged: an engine of it registered, or it died first. */
    private final List<Launched> unproven = new ArrayList<>();
    private List<String> events;
    private String activity = "";

    Adapter(ClusterLauncher launcher, Backends backends, ClusterDir dir, Profile profile, Reporter log,
                   AdaptNote remembered) {
        this.launcher = launcher;
        this.backends = backends;
        this.dir = dir;
        this.profile = profile;
        this.log = log;
        this.policy = new AdaptPolicy(profile.adapt(), remembered == null ? AdaptPolicy.Memory.FRESH
                : remembered.memory());
        this.events = remembered == null ? List.of() : remembered.events();
    }

    /** One look and what follows from it. */
    public void step(Client client) throws IOException {
        Status status = client.status();
        long now = System.currentTimeMillis();
        status.engines().forEach(e -> registered.add(e.id()));
        List<Launched> launches = engineLaunches();
        Map<Launched, State> states = ClusterState.statesOf(launches, dir.configure(backends));
        judge(states, now);
        int pendingEngines = 0;
        int pendingAllocations = 0;
        for (Launched l : launches) {
            long waiting = EngineRange.of(l).map(r -> r.ids().filter(id -> !registered.contains(id)).count())
                    .orElse(0L);
            State s = states.getOrDefault(l, State.UNKNOWN);
            // a scheduler that did not answer may still hold the job: counting it keeps submissions in check
            if (waiting > 0 && (s.alive() || s == State.UNKNOWN)) {
                pendingEngines += (int) waiting;
                pendingAllocations++;
            }
        }
        List<Observation.EngineView> views = status.engines().stream().map(Adapter::view).toList();
        Observation o = new Observation(now, status.queued(), status.queuedWaitMillis(), views, pendingEngines,
                pendingAllocations);
        Decision d = policy.decide(o);
        if (!d.retire().isEmpty()) {
            retire(client, d);
        }
        if (d.add() > 0) {
            add(d, now);
        }
        // the log gets a line when what it does changes, not each time a count in it moves
        if (d.acts() || !kind(d.why()).equals(kind(activity))) {
            log.line(d.why());
            if (d.acts()) {
                event(d.why());
            }
        }
        activity = d.why();
        int live = o.live() - d.retire().size();
        client.note(AdaptNote.KEY, new AdaptNote(activity, profile.adapt().min(), profile.adapt().max(), live,
                pendingEngines + d.add(), policy.memory(), events, now).json());
    }

    /** One of the last things it did, with the time, for status, top and the dashboard. */
    private void event(String text) {
        events = AdaptNote.plus(events, LocalTime.now().format(CLOCK) + " " + text);
    }

    private static String kind(String why) {
        return why.replaceAll("\\d+", "#");
    }

    private void retire(Client client, Decision d) throws IOException {
        int[] ids = d.retire().stream().mapToInt(Integer::intValue).toArray();
        try {
            client.drainEngines("adapt: idle for " + profile.adapt().idle().toSeconds() + " s", ids)
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while retiring engines " + d.retire());
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot retire engines " + d.retire() + ": " + e.getMessage(), e);
        }
    }

    private void add(Decision d, long now) throws IOException {
        try {
            List<Launched> launched = launcher.launchEngines(dir, profile, d.add());
            unproven.addAll(launched);
            if (dir.info().stopped()) {
                // `stop` may have read the launch records before these were written: they are ours to end
                stopAll(launched);
            }
        } catch (LaunchException e) {
            String cause = e.getMessage().lines().findFirst().orElse("launch failed");
            policy.failed(cause, now);
            log.line("adding " + d.add() + " engine(s) failed: " + e.getMessage());
            event("submission failed: " + cause);
        }
    }

    /** An engine of a launch registered: submissions work. A launch that ended before any did: a failure. */
    private void judge(Map<Launched, State> states, long now) {
        for (Launched l : List.copyOf(unproven)) {
            boolean anyRegistered = EngineRange.of(l).map(r -> r.ids().anyMatch(registered::contains)).orElse(true);
            State s = states.getOrDefault(l, State.UNKNOWN);
            if (anyRegistered) {
                policy.succeeded();
                unproven.remove(l);
            } else if (!s.alive() && s != State.UNKNOWN) {
                String cause = l.role() + " (" + l.backend() + " " + l.id() + ") ended before any engine registered: "
                        + (s == State.MISSING ? "no longer in the queue" : s.name()) + "; see " + dir.logDir();
                policy.failed(cause, now);
                log.line(cause);
                event(cause);
                unproven.remove(l);
            }
        }
    }

    private List<Launched> engineLaunches() throws IOException {
        return dir.launched().stream().filter(l -> EngineRange.of(l).isPresent()).toList();
    }

    private void stopAll(List<Launched> launched) {
        for (Launched l : launched) {
            try {
                dir.configure(backends).create(l.backend()).stop(l, profile.timeouts().stopGrace());
            } catch (BackendException | IllegalArgumentException e) {
                log.line("cannot stop " + l.role() + " " + l.id() + " launched as the cluster stopped: " + e.getMessage());
            }
        }
    }

    private static Observation.EngineView view(EngineInfo e) {
        boolean leaving = !e.state().live() || e.state() == EngineState.DRAINING;
        return new Observation.EngineView(e.id(), e.tasksRunning() == 0 && e.state() == EngineState.IDLE, leaving,
                e.tasksDone() + e.tasksFailed());
    }
}
