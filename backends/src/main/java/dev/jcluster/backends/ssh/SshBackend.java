package dev.jcluster.backends.ssh;

import dev.jcluster.backends.spi.Backend;
import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.NamedProvider;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.backends.spi.Quoting;
import dev.jcluster.backends.spi.SshOptions;
import dev.jcluster.backends.spi.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import net.schmizz.sshj.SSHClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engines on a list of hosts over SSH (SSHJ): each host takes up to its engine count; engines run
 * detached (nohup), their remote pids are recorded with user@host:port, and state and stop ask
 * the host again by pid. The cluster's connection file is copied to each host (0600).
 */
public final class SshBackend implements Backend {
    private static final Logger log = LoggerFactory.getLogger(SshBackend.class);

    private final SshOptions options;
    private final SshConnector connector;

    public SshBackend(SshOptions options) {
        this.options = options;
        this.connector = new SshConnector(options);
    }

    @Override
    public String name() {
        return "ssh";
    }

    /** Its hosts; through tunnels, this host's loopback, as if the engines ran here. */
    @Override
    public Optional<List<String>> hosts() {
        return Optional.of(options.tunnel() ? List.of("localhost")
                : options.hosts().stream().map(SshOptions.SshHost::host).distinct().toList());
    }

    @Override
    public Duration pollInterval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public List<Launched> start(List<ProcessSpec> specs, Consumer<Launched> recorder) throws BackendException {
        return startBeside(specs, List.of(), recorder);
    }

    @Override
    public List<Launched> startBeside(List<ProcessSpec> specs, List<Launched> running, Consumer<Launched> recorder)
            throws BackendException {
        List<Launched> out = new ArrayList<>();
        for (Map.Entry<SshTarget, List<ProcessSpec>> e : placement(specs, running).entrySet()) {
            SshTarget target = e.getKey();
            SSHClient client = connector.open(target);
            try {
                Path connection = connectionFile(e.getValue().get(0));
                if (options.tunnel()) {
                    connection = new Tunnels(options).open(target, connection, l -> {
                        recorder.accept(l);
                        out.add(l);
                    });
                }
                RemoteEngines engines = new RemoteEngines(client, target, options, e.getValue(), connection);
                List<String> pids = engines.start();
                Map<String, Long> started = RemotePids.startTimes(client, target, pids);
                for (int i = 0; i < pids.size(); i++) {
                    ProcessSpec s = e.getValue().get(i);
                    Launched l = new Launched(s.role(), name(), pids.get(i), started.getOrDefault(pids.get(i), 0L),
                            target.toString(), s.logFile().toString(), 1);
                    recorder.accept(l);
                    out.add(l);
                }
                log.info("started {} engine(s) on {}: pids {}", pids.size(), target, pids);
            } finally {
                SshConnector.close(client);
            }
        }
        return out;
    }

    private static Path connectionFile(ProcessSpec engine) throws BackendException {
        int i = engine.command().indexOf("--connection-file");
        if (i < 0) {
            throw new BackendException("ssh: the engine command names no --connection-file");
        }
        return Path.of(engine.command().get(i + 1));
    }

    /** Engines to hosts in profile order, each up to its count less the engines {@code running} there. */
    Map<SshTarget, List<ProcessSpec>> placement(List<ProcessSpec> specs, List<Launched> running)
            throws BackendException {
        if (specs.stream().anyMatch(s -> s.role().equals("controller"))) {
            throw new BackendException("the ssh backend starts engines; run the controller with backend local "
                    + "(and bind/advertise an address the hosts can reach)");
        }
        int capacity = options.hosts().stream().mapToInt(SshOptions.SshHost::engines).sum();
        if (options.hosts().isEmpty()) {
            throw new BackendException("ssh: the profile names no hosts (ssh.hosts: [{host: node1, engines: 4}])");
        }
        Map<SshTarget, List<ProcessSpec>> plan = new LinkedHashMap<>();
        int next = 0;
        for (SshOptions.SshHost h : options.hosts()) {
            SshTarget target = SshTarget.of(h, options, connector.config());
            long busy = running.stream().filter(l -> l.host().equals(target.toString())).count();
            for (long i = busy; i < h.engines() && next < specs.size(); i++) {
                plan.computeIfAbsent(target, k -> new ArrayList<>()).add(specs.get(next++));
            }
        }
        if (next < specs.size()) {
            throw new BackendException("ssh: asked for " + specs.size() + " more engines but the profile's hosts take "
                    + capacity + (running.isEmpty() ? "" : ", " + running.size() + " of them running")
                    + " (raise ssh.hosts[].engines, or start fewer)");
        }
        return plan;
    }

    @Override
    public State state(Launched launched) {
        return states(List.of(launched)).get(launched);
    }

    @Override
    public Map<Launched, State> states(List<Launched> launched) {
        Map<String, List<Launched>> byHost = new LinkedHashMap<>();
        launched.forEach(l -> byHost.computeIfAbsent(l.host(), h -> new ArrayList<>()).add(l));
        Map<Launched, State> out = new LinkedHashMap<>();
        byHost.forEach((host, list) -> {
            SshTarget target = SshTarget.parse(host);
            try {
                SSHClient client = connector.open(target);
                try {
                    List<Launched> alive = RemotePids.alive(client, target, list);
                    list.forEach(l -> out.put(l, alive.contains(l) ? State.RUNNING : State.MISSING));
                } finally {
                    SshConnector.close(client);
                }
            } catch (BackendException e) {
                log.warn("cannot ask {} about its engines: {}", target, e.getMessage());
                list.forEach(l -> out.put(l, State.UNKNOWN));
            }
        });
        return out;
    }

    @Override
    public void stop(Launched launched, Duration grace) throws BackendException {
        SshTarget target = SshTarget.parse(launched.host());
        SSHClient client = connector.open(target);
        try {
            RemotePids.kill(client, target, launched, grace);
        } finally {
            SshConnector.close(client);
        }
    }

    @Override
    public String describe(List<ProcessSpec> specs) {
        StringBuilder sb = new StringBuilder();
        try {
            for (Map.Entry<SshTarget, List<ProcessSpec>> e : placement(specs, List.of()).entrySet()) {
                sb.append("# ssh ").append(e.getKey()).append(": ").append(e.getValue().size())
                        .append(" engine(s), detached; the connection file is copied there first\n");
                for (ProcessSpec s : e.getValue()) {
                    sb.append("JCLUSTER_ENGINE_ID=").append(s.index()).append(' ')
                            .append(String.join(" ", s.command().stream().map(Quoting::shell).toList()))
                            .append(" >> ").append(Quoting.shell(s.logFile().toString())).append(" 2>&1 &\n");
                }
            }
        } catch (BackendException e) {
            sb.append("# ").append(e.getMessage()).append('\n');
        }
        return sb.toString();
    }

    /** Plug-in entry. */
    public static final class Provider extends NamedProvider {
        public Provider() {
            super("ssh", "engines on a list of hosts, started over SSH", o -> new SshBackend(o.ssh()));
        }
    }
}
