package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.protocol.ConnectionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh backend against real OpenSSH servers that test-cluster/setup.sh starts: one on
 * 127.0.0.1:2222, one on 10.213.0.2:22 inside the network namespace jc-h1 (its own address; the
 * root namespace is 10.213.0.1 to it, and its 127.0.0.1 is its own).
 */
class SshIT {
    static final Path KEYS = Path.of(System.getenv().getOrDefault("JCLUSTER_TEST_CLUSTER",
            "/var/tmp/jcluster-test-cluster"), "ssh");
    static final String LOOPBACK = "{host: 127.0.0.1, port: 2222, engines: 2}";
    static final String NAMESPACE = "{host: 10.213.0.2, engines: 2}";

    @TempDir
    Path tmp;
    JclusterCommand jcluster;

    @BeforeEach
    void setUp() throws Exception {
        boolean up = Files.isReadable(KEYS.resolve("id_ed25519")) && sshWorks("127.0.0.1", 2222)
                && sshWorks("10.213.0.2", 22);
        if ("1".equals(System.getenv("JCLUSTER_REQUIRE_SCHEDULERS"))) {
            assertThat(up).as("sshd on 127.0.0.1:2222 and 10.213.0.2 (test-cluster/setup.sh starts them)").isTrue();
        } else {
            Assumptions.assumeTrue(up, "test sshd not running; bash test-cluster/setup.sh");
        }
        Files.createDirectories(tmp.resolve("home/profiles"));
        Files.createDirectories(tmp.resolve("work"));
        Files.copy(KEYS.resolve("known_hosts"), tmp.resolve("known_hosts"));
        jcluster = new JclusterCommand(tmp.resolve("home"), tmp.resolve("work"));
    }

    @AfterEach
    void nothingLeftRunning() throws Exception {
        if (jcluster == null) {
            return;
        }
        assertThat(jcluster.killLeftovers()).as("local processes left running").isEmpty();
        for (Launched l : jcluster.launched()) {
            if (l.backend().equals("ssh")) {
                String[] hp = l.host().substring(l.host().indexOf('@') + 1).split(":");
                String host = addressOf(hp[0]);
                String ps = ssh(host, Integer.parseInt(hp[1]), "ps -o stat= -p " + l.id() + " || true").strip();
                if (!ps.isEmpty() && !ps.startsWith("Z")) {
                    ssh(host, Integer.parseInt(hp[1]), "kill -9 " + l.id());
                    throw new AssertionError("engine pid " + l.id() + " left running on " + l.host());
                }
            }
        }
    }

    private void profile(String name, String controller, String hosts, String extra) throws Exception {
        Files.writeString(jcluster.home().resolve("profiles/" + name + ".yaml"), "controller:\n" + controller
                + "engines:\n  backend: ssh\nssh:\n  hosts: [" + hosts + "]\n  user: root\n"
                + "  identity-file: " + KEYS.resolve("id_ed25519") + "\n  known-hosts: " + tmp.resolve("known_hosts")
                + "\n  remote-dir: " + tmp.resolve("remote") + "\n" + extra);
    }

    @Test
    void aHostBehindAJumpHostIsReachedAsTheSshConfigurationSays() throws Exception {
        // the profile names only an alias: address, user, key and the jump through the loopback sshd come from
        // the ssh configuration, as they would from ~/.ssh/config on a cluster's login node
        String key = KEYS.resolve("id_ed25519").toString();
        Path config = tmp.resolve("ssh_config");
        // two hops, as ProxyJump a,b means: the loopback sshd first, then the namespace sshd, then the target
        Files.writeString(config, "Host behind-login\n  HostName 10.213.0.2\n  ProxyJump jump,hop2\n\n"
                + "Host jump\n  HostName 127.0.0.1\n  Port 2222\n\nHost hop2\n  HostName 10.213.0.2\n\n"
                + "Host *\n  User root\n  IdentityFile " + key + "\n");
        Files.writeString(jcluster.home().resolve("profiles/jumped.yaml"), "controller:\n  bind: 10.213.0.1\n"
                + "  advertise: [10.213.0.1]\nengines:\n  backend: ssh\nssh:\n  hosts: [{host: behind-login, engines: 1}]\n"
                + "  known-hosts: " + tmp.resolve("known_hosts") + "\n  config-file: " + config + "\n  remote-dir: "
                + tmp.resolve("remote") + "\n");
        Path jumpLog = KEYS.resolve("sshd_local.log");
        Path namespaceLog = KEYS.resolve("sshd_h1.log");
        long jumpBefore = logins(jumpLog, "");
        long secondHopBefore = logins(namespaceLog, "10.213.0.1");
        long targetBefore = logins(namespaceLog, "10.213.0.2");

        var start = jcluster.run("start", "--profile", "jumped", "-n", "1", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(jcluster.launched()).filteredOn(l -> l.backend().equals("ssh")).extracting(Launched::host)
                .containsExactly("root@behind-login:22");
        var exec = jcluster.run("exec", "--profile", "jumped", "System.getenv(\"SSH_CONNECTION\").split(\" \")[2]");
        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(exec.out().strip()).isEqualTo("[engine 0] => \"10.213.0.2\"");
        // each login passes the loopback sshd, then the namespace sshd as the second hop (from this host's end of
        // the link), then the namespace sshd as the target (from inside the namespace), logged in that order; an
        // attempt given up half way and tried again counts on the earlier hops only, so these are inequalities
        long target = logins(namespaceLog, "10.213.0.2") - targetBefore;
        long secondHop = logins(namespaceLog, "10.213.0.1") - secondHopBefore;
        long jump = logins(jumpLog, "") - jumpBefore;
        assertThat(target).as("logins on the target, which only the second hop reaches").isPositive();
        assertThat(secondHop).as("logins as the second hop: one for each login on the target at least")
                .isGreaterThanOrEqualTo(target);
        assertThat(jump).as("logins on the first hop (127.0.0.1:2222): one for each second hop at least")
                .isGreaterThanOrEqualTo(secondHop);

        var stop = jcluster.run("stop", "--profile", "jumped");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
    }

    /** A host alias of this test's ssh configuration, as its HostName (every host is reachable from here directly). */
    private String addressOf(String host) throws Exception {
        Path config = tmp.resolve("ssh_config");
        if (Files.exists(config)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Host " + java.util.regex.Pattern.quote(host)
                    + "\\n\\s+HostName (\\S+)").matcher(Files.readString(config));
            if (m.find()) {
                return m.group(1);
            }
        }
        return host;
    }

    /** Logins an sshd accepted, from {@code address} ("": from anywhere). */
    private static long logins(Path sshdLog, String address) throws Exception {
        String from = address.isEmpty() ? "" : " from " + address + " port ";
        try (Stream<String> lines = Files.lines(sshdLog)) {
            return lines.filter(l -> l.contains("Accepted publickey") && l.contains(from)).count();
        }
    }

    @Test
    void enginesOnTwoHostsReachTheControllerThroughItsAdvertisedAddressAndStopCleanly() throws Exception {
        profile("two", "  bind: 10.213.0.1\n  advertise: [10.213.0.1]\n", LOOPBACK + ", " + NAMESPACE, "");
        var start = jcluster.run("start", "--profile", "two", "-n", "4", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        List<Launched> engines = jcluster.launched().stream().filter(l -> l.backend().equals("ssh")).toList();
        assertThat(engines).extracting(Launched::host).containsExactly("root@127.0.0.1:2222", "root@127.0.0.1:2222",
                "root@10.213.0.2:22", "root@10.213.0.2:22");

        // each engine ran where it was sent: sshd tells it which address it was reached on
        var exec = jcluster.run("exec", "--profile", "two", "System.getenv(\"SSH_CONNECTION\").split(\" \")[2]");
        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(exec.out().lines().toList()).containsExactly("[engine 0] => \"127.0.0.1\"",
                "[engine 1] => \"127.0.0.1\"", "[engine 2] => \"10.213.0.2\"", "[engine 3] => \"10.213.0.2\"");

        JsonNode status = new ObjectMapper().readTree(jcluster.run("status", "--profile", "two", "--json").out());
        assertThat(status.get("engines")).hasSize(4);
        assertThat(status.get("launched").findValuesAsText("state")).containsOnly("RUNNING");
        Path remoteCopy = tmp.resolve("remote/remote/two-default/connection.properties");
        assertThat(Files.getPosixFilePermissions(remoteCopy)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        // engine hosts get the engines' key, which opens no client session, not the cluster key
        Path clusterFile = jcluster.home().resolve("clusters/two-default/connection.properties");
        assertThat(ConnectionInfo.read(remoteCopy).key()).isNotEqualTo(ConnectionInfo.read(clusterFile).key())
                .isEqualTo(ConnectionInfo.read(clusterFile).key().forEngines());

        var stop = jcluster.run("stop", "--profile", "two");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        for (Launched l : engines) {
            String[] hp = l.host().substring(5).split(":");
            assertThat(ssh(hp[0], Integer.parseInt(hp[1]), "ps -o stat= -p " + l.id() + " || true").strip())
                    .as("engine pid " + l.id() + " on " + l.host()).satisfiesAnyOf(s -> assertThat(s).isEmpty(),
                            s -> assertThat(s).startsWith("Z"));
        }
    }

    @Test
    void aControllerTheHostCannotReachIsReachedThroughATunnel() throws Exception {
        // the namespace's 127.0.0.1 is its own: without the tunnel its engines could not reach this controller
        profile("tun", "  bind: 127.0.0.1\n", NAMESPACE, "  tunnel: true\n");
        var start = jcluster.run("start", "--profile", "tun", "-n", "2", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(jcluster.launched()).extracting(Launched::role).contains("tunnel-10.213.0.2-22");
        var exec = jcluster.run("exec", "--profile", "tun", "6 * 7");
        assertThat(exec.out().lines().toList()).containsExactly("[engine 0] => 42", "[engine 1] => 42");
        var stop = jcluster.run("stop", "--profile", "tun");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(jcluster.alive()).as("the tunnel ends with the cluster").isEmpty();
    }

    @Test
    void filesGoToAnEngineOnAnotherHostAndComeBackThroughTheController() throws Exception {
        profile("files", "  bind: 10.213.0.1\n  advertise: [10.213.0.1]\n", NAMESPACE, "");
        assertThat(jcluster.run("start", "--profile", "files", "-n", "1", "-d").exitCode()).isZero();
        Path in = tmp.resolve("in");
        Files.createDirectories(in.resolve("empty"));
        byte[] data = new byte[6 << 20];
        new java.util.Random(3).nextBytes(data);
        Files.write(in.resolve("data.bin"), data);
        Files.writeString(in.resolve("run.sh"), "#!/bin/sh\necho ran\n");
        Files.setPosixFilePermissions(in.resolve("run.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        String remote = "/var/tmp/jcluster-files-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try {
            var put = jcluster.run("files", "put", "--profile", "files", in.toString(), remote + "/in");
            assertThat(put.exitCode()).as(put.err()).isZero();
            assertThat(put.out()).contains("sent " + in).contains("6,291,4");

            // the engine, on the other host, has it: it runs the script and sees its mode
            var exec = jcluster.run("exec", "--profile", "files", "new String(new ProcessBuilder(\"" + remote
                    + "/in/run.sh\").start().getInputStream().readAllBytes()).strip() + \" \" + System.getenv(\"SSH_CONNECTION\").split(\" \")[2]");
            assertThat(exec.out().strip()).as(exec.err()).isEqualTo("[engine 0] => \"ran 10.213.0.2\"");

            Path back = tmp.resolve("back");
            var get = jcluster.run("files", "get", "--profile", "files", remote + "/in", back.toString());
            assertThat(get.exitCode()).as(get.err()).isZero();
            assertThat(Files.mismatch(back.resolve("data.bin"), in.resolve("data.bin"))).isEqualTo(-1);
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(back.resolve("run.sh"))))
                    .isEqualTo("rwxr-x---");
            assertThat(back.resolve("empty")).isEmptyDirectory();

            // run stages a task's inputs in and its outputs out
            Path output = tmp.resolve("run-out");
            var run = jcluster.run("run", "--profile", "files", "--args", "1,2", "--cwd", remote, "--output", output.toString(),
                    "--stage-in", in.resolve("run.sh") + ":tools/run.sh", "--stage-out", "outs",
                    "--", "sh", "-c", "mkdir -p outs && tools/run.sh > outs/{}.txt");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(Files.readString(output.resolve("outs/1.txt"))).isEqualTo("ran\n");
            assertThat(Files.readString(output.resolve("outs/2.txt"))).isEqualTo("ran\n");

            var missing = jcluster.run("files", "get", "--profile", "files", remote + "/nothing", back.toString());
            assertThat(missing.exitCode()).isNotZero();
            assertThat(missing.err()).contains(remote + "/nothing: no such file or folder");
        } finally {
            ssh("10.213.0.2", 22, "rm -rf " + remote);
            assertThat(jcluster.run("stop", "--profile", "files").exitCode()).isZero();
        }
    }

    @Test
    void stagingCopiesTheJarsOnceByContentHash() throws Exception {
        profile("staged", "  bind: 127.0.0.1\n", LOOPBACK, "  stage: always\n");
        assertThat(jcluster.run("start", "--profile", "staged", "-n", "1", "-d").exitCode()).isZero();
        var exec = jcluster.run("exec", "--profile", "staged", "System.getProperty(\"java.class.path\")");
        assertThat(exec.out()).contains(tmp.resolve("remote/dist").toString());
        List<Path> jars;
        try (Stream<Path> s = Files.list(tmp.resolve("remote/dist"))) {
            jars = s.sorted().toList();
        }
        assertThat(jars).isNotEmpty().allMatch(p -> p.getFileName().toString().matches("[0-9a-f]{16}-.*\\.jar"));
        long firstWrite = Files.getLastModifiedTime(jars.get(0)).toMillis();
        assertThat(jcluster.run("stop", "--profile", "staged").exitCode()).isZero();

        assertThat(jcluster.run("start", "--profile", "staged", "-n", "1", "-d").exitCode()).isZero();
        assertThat(Files.getLastModifiedTime(jars.get(0)).toMillis()).as("copied again").isEqualTo(firstWrite);
        try (Stream<Path> s = Files.list(tmp.resolve("remote/dist"))) {
            assertThat(s.count()).isEqualTo(jars.size());
        }
        assertThat(jcluster.run("stop", "--profile", "staged").exitCode()).isZero();

        // a staged jar damaged on the host is found by its hash there, and copied again before use
        Path damaged = jars.get(jars.size() - 1);
        long size = Files.size(damaged);
        Files.write(damaged, new byte[] {1, 2, 3});
        var again = jcluster.run("start", "--profile", "staged", "-n", "1", "-d");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Files.size(damaged)).as("the damaged jar, copied again").isEqualTo(size);
        assertThat(Files.getLastModifiedTime(jars.get(0)).toMillis()).as("the sound ones, not").isEqualTo(firstWrite);
        assertThat(jcluster.run("exec", "--profile", "staged", "1 + 1").out()).contains("=> 2");
        assertThat(jcluster.run("stop", "--profile", "staged").exitCode()).isZero();

        // a staging folder others may write to is refused: they could replace the jars engines run
        Files.setPosixFilePermissions(tmp.resolve("remote/dist"), PosixFilePermissions.fromString("rwxrwxrwx"));
        var open = jcluster.run("start", "--profile", "staged", "-n", "1", "-d");
        assertThat(open.exitCode()).isEqualTo(1);
        assertThat(open.err()).contains(tmp.resolve("remote/dist") + " is owned by root with mode 777")
                .contains("chmod go-w");
        assertThat(jcluster.alive()).as("nothing left running after the refusal").isEmpty();
    }

    @Test
    void aRemotePidIsOursOnlyWhileItsStartTimeIsTheOneRecorded() throws Exception {
        profile("pids", "  bind: 127.0.0.1\n  restart: false\n", "{host: 127.0.0.1, port: 2222, engines: 1}", "");
        var start = jcluster.run("start", "--profile", "pids", "-n", "1", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        Launched engine = jcluster.launched().stream().filter(l -> l.backend().equals("ssh")).findFirst().orElseThrow();
        assertThat(engine.startedAtMillis()).as("recorded with its start time").isPositive();

        // as if the engine had died and the host had given its pid to a process started an hour before
        Path record = jcluster.home().resolve("clusters/pids-default/processes.jsonl");
        Files.writeString(record, Files.readString(record).replace("\"startedAtMillis\":" + engine.startedAtMillis(),
                "\"startedAtMillis\":" + (engine.startedAtMillis() - 3_600_000)));
        JsonNode status = new ObjectMapper().readTree(jcluster.run("status", "--profile", "pids", "--json").out());
        assertThat(status.get("launched").findValuesAsText("state")).as("the pid no longer counts as our engine")
                .contains("MISSING");

        Launched controller = jcluster.launched().stream().filter(l -> l.role().equals("controller")).findFirst()
                .orElseThrow();
        ProcessHandle.of(Long.parseLong(controller.id())).ifPresent(ProcessHandle::destroyForcibly);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(Long.parseLong(controller.id())).map(h -> !h.isAlive()).orElse(true));
        // a new start stops what the dead cluster left (by pid and start time): the pid that is not ours stays
        var again = jcluster.run("start", "--profile", "pids", "-n", "1", "-d");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out() + again.err()).contains("replaced stale state of pids-default");
        assertThat(ssh("127.0.0.1", 2222, "ps -o stat= -p " + engine.id() + " || true").strip())
                .as("the process that is not ours, left alone").isNotEmpty().doesNotStartWith("Z");
        assertThat(jcluster.run("stop", "--profile", "pids").exitCode()).isZero();
        ssh("127.0.0.1", 2222, "kill -9 " + engine.id());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            String ps = ssh("127.0.0.1", 2222, "ps -o stat= -p " + engine.id() + " || true").strip();
            return ps.isEmpty() || ps.startsWith("Z");
        });
    }

    @Test
    void anUnknownHostKeyIsRefusedWithItsFingerprintUnlessAcceptNew() throws Exception {
        Files.writeString(tmp.resolve("known_hosts"), "");
        profile("strict", "  bind: 127.0.0.1\n", LOOPBACK, "");
        var start = jcluster.run("start", "--profile", "strict", "-n", "1", "-d");
        assertThat(start.exitCode()).isEqualTo(1);
        String fingerprint = run("ssh-keygen", "-l", "-f", "/etc/ssh/ssh_host_ed25519_key.pub").split(" ")[1];
        assertThat(start.err()).contains("unknown host key ssh-ed25519 " + fingerprint)
                .contains("ssh-keyscan -p 2222 127.0.0.1");
        assertThat(jcluster.alive()).isEmpty();

        profile("trusting", "  bind: 127.0.0.1\n", LOOPBACK, "  host-key-checking: accept-new\n");
        var accepted = jcluster.run("start", "--profile", "trusting", "-n", "1", "-d");
        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        assertThat(Files.readString(tmp.resolve("known_hosts"))).startsWith("[127.0.0.1]:2222 ssh-ed25519 ");
        assertThat(jcluster.run("stop", "--profile", "trusting").exitCode()).isZero();
    }

    @Test
    void aRefusedConnectionOrARefusedKeyIsOneClearErrorAndLeavesNothing() throws Exception {
        profile("closed", "  bind: 127.0.0.1\n", "{host: 127.0.0.1, port: 2299, engines: 1}", "");
        var refused = jcluster.run("start", "--profile", "closed", "-n", "1", "-d");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("ssh root@127.0.0.1:2299: cannot connect").contains("is sshd running");

        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", tmp.resolve("stranger").toString());
        Files.writeString(jcluster.home().resolve("profiles/badkey.yaml"), Files.readString(jcluster.home()
                .resolve("profiles/closed.yaml")).replace("port: 2299", "port: 2222")
                .replace(KEYS.resolve("id_ed25519").toString(), tmp.resolve("stranger").toString()));
        var badKey = jcluster.run("start", "--profile", "badkey", "-n", "1", "-d");
        assertThat(badKey.exitCode()).isEqualTo(1);
        assertThat(badKey.err()).contains("the host refused the key " + tmp.resolve("stranger") + " for root");
        assertThat(jcluster.alive()).isEmpty();
        assertThat(jcluster.launched()).noneMatch(l -> l.backend().equals("ssh"));
    }

    private static boolean sshWorks(String host, int port) {
        try {
            return ssh(host, port, "true") != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String ssh(String host, int port, String command) throws Exception {
        return run("ssh", "-p", Integer.toString(port), "-i", KEYS.resolve("id_ed25519").toString(), "-o",
                "UserKnownHostsFile=" + KEYS.resolve("known_hosts"), "-o", "BatchMode=yes", "root@" + host, command);
    }

    private static String run(String... argv) throws Exception {
        return Commands.output(List.of(argv), null, Map.of());
    }
}
