package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessIdentity;
import dev.jcluster.protocol.ConnectionInfo;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installed command, end to end, across separate invocations, as a user types it. */
class JclusterIT {
    @TempDir
    Path tmp;
    JclusterCommand jcluster;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(tmp.resolve("work"));
        jcluster = new JclusterCommand(tmp.resolve("home"), tmp.resolve("work"));
    }

    @AfterEach
    void nothingLeftRunning() throws Exception {
        List<Launched> left = jcluster.killLeftovers();
        assertThat(left).as("processes a test left running").isEmpty();
    }

    @Test
    void startStatusExecRunStopFromSeparateInvocations() throws Exception {
        var start = jcluster.run("start", "-n", "2", "--daemonize");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.out()).contains("cluster local-default is running with 2 engine(s)")
                .contains("connection.properties");
        Path connection = jcluster.home().resolve("clusters/local-default/connection.properties");
        assertThat(Files.getPosixFilePermissions(connection)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");

        var status = jcluster.run("status", "--json");
        assertThat(status.exitCode()).isZero();
        JsonNode doc = new ObjectMapper().readTree(status.out());
        assertThat(doc.get("engines")).hasSize(2);
        assertThat(doc.get("engines").get(0).get("state").asText()).isEqualTo("idle");

        assertThat(jcluster.run("exec", "int base = 20;").exitCode()).isZero();
        var exec = jcluster.run("exec", "--targets", "1", "base + 22");
        assertThat(exec.exitCode()).isZero();
        assertThat(exec.out().trim()).isEqualTo("[engine 1] => 42");

        var run = jcluster.run("run", "--args", "1..12", "--output", "out", "--",
                "sh", "-c", "echo square $(( {} * {} )); test {} -ne 5 && test {} -ne 9");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("12 task(s)").contains("exit 0: 10").contains("exit 1: 2");
        assertThat(run.err()).contains("2 task(s) failed").contains("5 (exit 1)").contains("9 (exit 1)");
        Path out = tmp.resolve("work/out");
        assertThat(Files.readString(out.resolve("task-04.out"))).isEqualTo("square 16\n");
        assertThat(Files.readAllLines(out.resolve("summary.tsv"))).hasSize(13);

        // each command fails the first time (exit 3) and succeeds the second
        Path marks = Files.createDirectories(tmp.resolve("marks"));
        var retried = jcluster.run("run", "--args", "1..3", "--retry-failed", "2", "--output", "out2", "--cwd",
                marks.toString(), "--", "sh", "-c", "test -e m{} || { touch m{}; exit 3; }");
        assertThat(retried.exitCode()).as(retried.err()).isZero();
        assertThat(retried.out()).contains("3 task(s)").contains("exit 0: 3");
        JsonNode rows = new ObjectMapper().readTree(jcluster.run("tasks", "--json", "--limit", "3").out());
        JsonNode rowList = rows.isArray() ? rows : rows.path("tasks");
        assertThat(rowList).hasSize(3).allSatisfy(row -> assertThat(row.path("attempts").asInt()).isEqualTo(2));
        var detail = jcluster.run("task", rowList.get(0).path("id").asText());
        assertThat(detail.out()).contains("attempts:").contains("exit 3").contains("engine ");

        var stop = jcluster.run("stop");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(jcluster.alive()).isEmpty();
        assertThat(jcluster.clusterProcesses()).hasSize(3);
        assertThat(jcluster.launched()).extracting(Launched::role).contains("supervisor");
        assertThat(jcluster.run("list").out()).contains("local-default").contains("stopped");
        assertThat(jcluster.run("status").exitCode()).isEqualTo(1);
        assertThat(stop.err()).contains("class archive written");
        assertThat(cacheFiles()).hasSize(2).allMatch(name -> name.matches("(engine|controller)-[0-9a-f]{16}\\.jsa"));
    }

    private List<String> cacheFiles() throws Exception {
        try (var files = Files.list(jcluster.home().resolve("cache"))) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    @Test
    void firstClusterWritesTheEnginesClassArchiveAndTheNextMapsIt() throws Exception {
        assertThat(jcluster.run("start", "-n", "2", "-d").exitCode()).isZero();
        List<String> first = commandLines("engine");
        assertThat(first).filteredOn(c -> c.contains("-XX:ArchiveClassesAtExit=")).hasSize(1);
        assertThat(commandLines("controller")).singleElement().asString().contains("-XX:ArchiveClassesAtExit=");
        assertThat(jcluster.run("stop").exitCode()).isZero();
        assertThat(cacheFiles()).hasSize(2).allMatch(name -> name.endsWith(".jsa"));

        Path logs = jcluster.home().resolve("clusters/local-default/logs");
        long[] before = {Files.size(logs.resolve("engine-0.log")), Files.size(logs.resolve("engine-1.log"))};
        var again = jcluster.run("start", "-n", "2", "-d");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(commandLines("engine")).hasSize(2).allMatch(c -> c.contains("-XX:SharedArchiveFile="));
        assertThat(commandLines("controller")).singleElement().asString().contains("-XX:SharedArchiveFile=");
        // the controller's JIT runs at the lowest priority, so that it takes no CPU from the engines' tasks
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(niceOfThreads("controller"))
                .containsEntry("C2 CompilerThre", 19).containsEntry("C1 CompilerThre", 19)
                .containsEntry("jcluster-contro", 0));
        assertThat(niceOfThreads("engine")).containsEntry("C2 CompilerThre", 0);
        var exec = jcluster.run("exec", "6 * 7");
        assertThat(exec.out()).contains("[engine 0] => 42").contains("[engine 1] => 42");
        assertThat(jcluster.run("stop").exitCode()).isZero();
        for (int i = 0; i < 2; i++) {
            // a JVM that cannot map the archive says so in its log (and starts slowly without it)
            String log = Files.readString(logs.resolve("engine-" + i + ".log"));
            assertThat(log.substring((int) before[i])).contains("registered as engine").doesNotContain("[cds]");
        }
        assertThat(Files.readString(logs.resolve("controller.log"))).doesNotContain("[cds]");
    }

    /** The highest nice value per thread name (the kernel's 15 characters) in the running cluster's engines or controller. */
    private Map<String, Integer> niceOfThreads(String role) throws Exception {
        Map<String, Integer> nice = new TreeMap<>();
        for (Launched l : jcluster.alive()) {
            if (l.role().startsWith(role)) {
                // an engine's launched process is its restart loop: the JVM is the loop's child
                long pid = ProcessHandle.of(l.pid()).stream().flatMap(ProcessHandle::children).findFirst()
                        .map(ProcessHandle::pid).orElse(l.pid());
                try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                    for (Path task : (Iterable<Path>) tasks::iterator) {
                        try {
                            String stat = Files.readString(task.resolve("stat"));
                            int value = Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
                            nice.merge(Files.readString(task.resolve("comm")).strip(), value, Math::max);
                        } catch (NoSuchFileException ended) {
                            // HotSpot retires idle compiler threads: one may end between the listing and the read
                        }
                    }
                }
            }
        }
        return nice;
    }

    /** The command lines of the running cluster's engines or controller, from /proc. */
    private List<String> commandLines(String role) throws Exception {
        List<String> out = new ArrayList<>();
        for (Launched l : jcluster.alive()) {
            if (l.role().startsWith(role)) {
                byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(l.pid()), "cmdline"));
                out.add(new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
            }
        }
        return out;
    }

    @Test
    void killedClusterIsReportedStaleAndCleaned() throws Exception {
        assertThat(jcluster.run("start", "-n", "1", "-d").exitCode()).isZero();
        for (Launched l : jcluster.alive()) {  // the supervisor first, or it would restore the controller
            ProcessIdentity.find(l.pid(), l.startedAtMillis()).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jcluster.alive().isEmpty());
        var list = jcluster.run("list", "--json");
        assertThat(new ObjectMapper().readTree(list.out()).get(0).get("state").asText()).isEqualTo("stale");
        var status = jcluster.run("status");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).contains("no running cluster");
        var clean = jcluster.run("clean");
        assertThat(clean.out()).contains("removed local-default (stale)");
        assertThat(jcluster.home().resolve("clusters/local-default")).doesNotExist();
    }

    @Test
    void foregroundStartStopsTheClusterOnSigterm() throws Exception {
        Path log = tmp.resolve("work/foreground.txt");
        Process start = jcluster.builder("start", "-n", "2").redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        try {
            Awaitility.await().atMost(Duration.ofMinutes(2))
                    .until(() -> Files.readString(log, StandardCharsets.UTF_8).contains("Ctrl-C stops the cluster"));
            assertThat(jcluster.alive()).extracting(Launched::role)
                    .containsExactlyInAnyOrder("supervisor", "controller", "engine-0", "engine-1");
            var again = jcluster.run("start", "-n", "1", "-d");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).contains("is already running");
            start.destroy(); // SIGTERM, as from `kill`
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> !start.isAlive());
            assertThat(Files.readString(log)).contains("cluster local-default stopped");
            assertThat(jcluster.alive()).isEmpty();
        } finally {
            start.destroyForcibly();
        }
    }

    @Test
    void stopFromAnotherTerminalEndsAForegroundStart() throws Exception {
        Path log = tmp.resolve("work/foreground.txt");
        Process start = jcluster.builder("start", "-n", "1").redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        try {
            Awaitility.await().atMost(Duration.ofMinutes(2))
                    .until(() -> Files.readString(log, StandardCharsets.UTF_8).contains("Ctrl-C stops the cluster"));
            assertThat(jcluster.run("stop").exitCode()).isZero();
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> !start.isAlive());
            assertThat(start.exitValue()).isZero();
            assertThat(jcluster.alive()).isEmpty();
        } finally {
            start.destroyForcibly();
        }
    }

    @Test
    void startThatCannotFinishSaysWhyAndLeavesNothingRunning() throws Exception {
        jcluster.userProfile("broken", "engines:\n  jvm-options: [-XX:+NoSuchJvmOption]\n");
        var r = jcluster.run("start", "--profile", "broken", "-n", "2", "-d", "--timeout", "60s");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("2 of 2 engines ended before all had registered")
                .contains("engine-0 (local pid ").contains("): exited").contains("NoSuchJvmOption");
        assertThat(jcluster.alive()).isEmpty();
    }

    @Test
    void keepRunningReplacesLostEnginesAndGivesUpClearlyOnACrashLoop() throws Exception {
        jcluster.userProfile("keep", "engines:\n  keep-running: true\n  max-restarts: 2\n");
        var start = jcluster.run("start", "--profile", "keep", "-n", "2", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.out()).contains("kept at 2 engines");
        ObjectMapper json = new ObjectMapper();

        kill("engine-0");
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode doc = json.readTree(jcluster.run("status", "--profile", "keep", "--json").out());
            assertThat(doc.get("engines").findValuesAsText("state")).filteredOn(s -> !s.equals("lost")).hasSize(2);
            assertThat(doc.get("engines").findValuesAsText("id")).contains("2");
        });

        kill("engine-1");
        kill("engine-2");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(jcluster.run("status", "--profile", "keep").out())
                        .as("the supervisor may see both losses at once (1 restart so far) or one at a time (2)")
                        .containsPattern("warning: the cluster supervisor gave up keeping 2 engines after [12] restart")
                        .contains("engines.max-restarts: 2"));
        var stop = jcluster.run("stop", "--profile", "keep");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(jcluster.alive()).isEmpty();
    }

    @Test
    void aControllerKilledWithSigkillIsRestoredFromItsStoreWithItsEnginesAndTheirState() throws Exception {
        var start = jcluster.run("start", "-n", "2", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.out()).contains("a controller that dies is restored from its store");
        assertThat(jcluster.run("exec", "int base = 20;").exitCode()).isZero();
        Path connection = jcluster.home().resolve("clusters/local-default/connection.properties");
        long before = ConnectionInfo.read(connection).controllerPid();

        kill("controller");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                ConnectionInfo.read(connection).controllerPid() != before);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(jcluster.run("exec", "base + 22").out().lines().toList())
                        .as("both engines back, with their ids and their JShell state")
                        .containsExactly("[engine 0] => 42", "[engine 1] => 42"));
        assertThat(Files.readString(jcluster.home().resolve("clusters/local-default/logs/supervisor.log")))
                .contains("the controller died; restoring it from its store (restart 1 of 3)");
        assertThat(jcluster.run("stop").exitCode()).isZero();
        assertThat(jcluster.alive()).isEmpty();
    }

    @Test
    void startRestoreBringsBackAControllerNobodyRestarted() throws Exception {
        jcluster.userProfile("manual", "controller:\n  restart: false\n");
        assertThat(jcluster.run("start", "--profile", "manual", "-n", "1", "-d").exitCode()).isZero();
        assertThat(jcluster.launched()).extracting(Launched::role).doesNotContain("supervisor");
        assertThat(jcluster.run("exec", "--profile", "manual", "String kept = \"here\";").exitCode()).isZero();
        kill("controller");
        var restore = jcluster.run("start", "--profile", "manual", "--restore");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("has its controller back");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(jcluster.run("exec", "--profile", "manual", "kept").out().trim())
                        .isEqualTo("[engine 0] => \"here\""));
        var again = jcluster.run("start", "--profile", "manual", "--restore");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("has a running controller: nothing to restore");
        assertThat(jcluster.run("stop", "--profile", "manual").exitCode()).isZero();
        assertThat(jcluster.alive()).isEmpty();
    }

    @Test
    void aCommandWaitingWhenTheControllerDiesFinishesOnceItIsRestoredAndAPlainStartMayNotDropItsWork()
            throws Exception {
        jcluster.userProfile("manual", "controller:\n  restart: false\n");
        assertThat(jcluster.run("start", "--profile", "manual", "-n", "1", "-d").exitCode()).isZero();
        Path out = tmp.resolve("work/run.txt");
        Process run = jcluster.builder("run", "--profile", "manual", "--args", "1..2", "--", "sh", "-c",
                "sleep 3; echo done {}").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            ObjectMapper json = new ObjectMapper();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    json.readTree(jcluster.run("status", "--profile", "manual", "--json").out()).get("engines")
                            .findValuesAsText("state").contains("busy"));
            kill("controller");

            var plain = jcluster.run("start", "--profile", "manual", "-n", "1", "-d");
            assertThat(plain.exitCode()).isEqualTo(1);
            assertThat(plain.err()).contains("died with").contains("in its store").contains("--restore");
            var restore = jcluster.run("start", "--profile", "manual", "--restore");
            assertThat(restore.exitCode()).as(restore.err()).isZero();
            assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("the run finished").isTrue();
            assertThat(run.exitValue()).as(Files.readString(out)).isZero();
            assertThat(Files.readString(out)).contains("2 task(s)").contains("exit 0: 2");
        } finally {
            run.destroyForcibly();
        }
        assertThat(jcluster.run("stop", "--profile", "manual").exitCode()).isZero();
        assertThat(jcluster.alive()).isEmpty();
    }

    private void kill(String role) throws Exception {
        Launched l = jcluster.launched().stream().filter(x -> x.role().equals(role)).findFirst().orElseThrow();
        ProcessHandle h = ProcessIdentity.find(l.pid(), l.startedAtMillis()).orElseThrow();
        // the whole process dies at once: an engine's JVM with its restart loop
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
        assertThat(ProcessIdentity.awaitGone(h, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aTlsClusterMakesItsOwnCertificateAndPinsItInTheConnectionFile() throws Exception {
        jcluster.userProfile("tls", "controller:\n  tls: true\n");
        var start = jcluster.run("start", "--profile", "tls", "-n", "2", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        Path dir = jcluster.home().resolve("clusters/tls-default");
        assertThat(Files.readString(dir.resolve("connection.properties"))).contains("tls.certificate=");
        for (String secret : List.of("tls.p12", "tls.password", "connection.properties")) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(secret))).extracting(Object::toString)
                    .as(secret).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        }
        var exec = jcluster.run("exec", "--profile", "tls", "6 * 7");
        assertThat(exec.out().lines().toList()).containsExactly("[engine 0] => 42", "[engine 1] => 42");
        assertThat(jcluster.run("stop", "--profile", "tls").exitCode()).isZero();
        assertThat(jcluster.alive()).isEmpty();
    }

    @Test
    void aStateFolderOthersCanWriteIsRefused() throws Exception {
        Files.setPosixFilePermissions(jcluster.home(), PosixFilePermissions.fromString("rwxrwxrwx"));
        var r = jcluster.run("start", "-n", "1", "-d");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("refusing to start: " + jcluster.home() + " is writable by others (rwxrwxrwx)")
                .contains("chmod go-w");
        assertThat(jcluster.launched()).isEmpty();
    }

    @Test
    void aClusterFolderAnotherUserOwnsIsRefused() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a folder away");
        Path folder = jcluster.home().resolve("clusters/local-default");
        Files.createDirectories(folder);
        Files.setOwner(folder, folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        var r = jcluster.run("start", "-n", "1", "-d");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("refusing to start: " + folder + " belongs to nobody, not to you (root)");
        assertThat(jcluster.launched()).isEmpty();
    }

    @Test
    void portInUseIsOneClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1,
                InetAddress.getByName("127.0.0.1"))) {
            jcluster.userProfile("fixed", "controller:\n  port: " + taken.getLocalPort() + "\n");
            var r = jcluster.run("start", "--profile", "fixed", "-n", "1", "-d");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("the controller exited before it was listening")
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("controller.port");
            assertThat(jcluster.alive()).isEmpty();
        }
    }

    @Test
    void engineThatNeverRegistersTimesOut() throws Exception {
        // engines that point at a port nobody listens on: they keep trying and never register
        jcluster.userProfile("slow", "timeouts:\n  engine-reconnect: 1m\n");
        var r = jcluster.run("start", "--profile", "slow", "-n", "1", "-d", "--timeout", "1ms");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).containsAnyOf("did not start listening in time", "engines registered within");
        assertThat(jcluster.alive()).isEmpty();
    }

    @Test
    void enginesCanBeAddedToARunningCluster() throws Exception {
        assertThat(jcluster.run("start", "-n", "1", "-d", "--cluster-id", "grow").exitCode()).isZero();
        var add = jcluster.run("engines", "--cluster-id", "grow", "-n", "2");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("now has 3 engine(s): [0, 1, 2]");
        assertThat(jcluster.run("logs", "--cluster-id", "grow", "--engine", "2").out()).contains("registered as engine 2");
        assertThat(jcluster.run("stop", "--all").exitCode()).isZero();
        assertThat(jcluster.alive()).isEmpty();
    }

    @Test
    void badProfileThroughTheInstalledCommand() throws Exception {
        jcluster.userProfile("dash", "controller:\n  bind: 127.0.0.1\n  schedulng: random\n");
        Path f = jcluster.home().resolve("profiles/dash.yaml");
        var r = jcluster.run("start", "--profile", "dash");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":3: unknown key 'controller.schedulng'; did you mean 'scheduling'?");
        assertThat(jcluster.alive()).isEmpty();
    }
}
