package dev.jcluster.backends.ssh;

import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Launched;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.schmizz.sshj.SSHClient;

/**
 * Engines on a remote host known by pid and start time, as {@code ProcessIdentity} knows local
 * ones: a pid the host has since given to another process is not ours to report as running, nor
 * to kill. Start times are taken in this host's clock (now, minus the elapsed time `ps` reports
 * there), so the two hosts' clocks need not agree.
 */
final class RemotePids {
    /** Start times this close are the same process: `ps` counts whole seconds, and asking takes a round trip. */
    static final long SAME_START_MILLIS = 3_000;

    private RemotePids() {
    }

    /** When each of {@code pids} still running started (zombies are gone), in this host's clock. */
    static Map<String, Long> startTimes(SSHClient client, SshTarget target, List<String> pids) throws BackendException {
        long now = System.currentTimeMillis();
        RemoteShell.Result r = RemoteShell.run(client, target, "ps -o pid=,stat=,etimes= -p " + String.join(",", pids)
                + " || true");
        Map<String, Long> out = new HashMap<>();
        for (String line : r.stdout().split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length == 3 && !cols[1].startsWith("Z") && cols[2].matches("\\d+")) {
                out.put(cols[0], now - Long.parseLong(cols[2]) * 1000);
            }
        }
        return out;
    }

    /** Those of {@code engines} still running as the very processes that were started (a record without a start time: by pid). */
    static List<Launched> alive(SSHClient client, SshTarget target, List<Launched> engines) throws BackendException {
        Map<String, Long> started = startTimes(client, target, engines.stream().map(Launched::id).toList());
        return engines.stream().filter(l -> started.containsKey(l.id()) && (l.startedAtMillis() == 0
                || Math.abs(started.get(l.id()) - l.startedAtMillis()) <= SAME_START_MILLIS)).toList();
    }

    /** TERM, then KILL after {@code grace}, to the engine only while its pid is still that engine; returns once it is gone. */
    static void kill(SSHClient client, SshTarget target, Launched engine, Duration grace) throws BackendException {
        String pid = engine.id();
        if (alive(client, target, List.of(engine)).isEmpty()) {
            return;  // gone, or its pid is another process's now
        }
        RemoteShell.run(client, target, "kill " + pid + " 2>/dev/null || true");
        long deadline = System.nanoTime() + grace.toNanos();
        boolean killed = false;
        while (!alive(client, target, List.of(engine)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                if (killed) {
                    throw new BackendException("ssh " + target + ": engine pid " + pid + " survived SIGKILL");
                }
                RemoteShell.run(client, target, "kill -9 " + pid + " 2>/dev/null || true");
                killed = true;
                deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while stopping pid " + pid + " on " + target);
            }
        }
    }
}
