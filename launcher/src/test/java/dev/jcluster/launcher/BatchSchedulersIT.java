package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.protocol.ConnectionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The batch backends against real schedulers that test-cluster/setup.sh starts: Slurm, Son of Grid
 * Engine, and PBS through Slurm's Torque-compatible qsub/qstat/qdel. Everything goes through the
 * installed command; the queues are checked with the schedulers' own commands.
 */
class BatchSchedulersIT {
    @TempDir
    Path tmp;
    JclusterCommand jcluster;

    void setUp(TestScheduler s) throws Exception {
        s.requireRunning();
        Files.createDirectories(tmp.resolve("home/profiles"));
        Files.createDirectories(tmp.resolve("work"));
        jcluster = new JclusterCommand(tmp.resolve("home"), tmp.resolve("work"));
        s.pathFirst().ifPresent(jcluster::withPathFirst);
    }

    @AfterEach
    void nothingLeftInQueuesOrRunning() throws Exception {
        if (jcluster == null) {
            return;
        }
        assertThat(TestScheduler.endLeftovers(jcluster)).as("jobs and processes a test left behind").isEmpty();
    }

    private void profile(String name, String yaml) throws Exception {
        Files.writeString(jcluster.home().resolve("profiles/" + name + ".yaml"), yaml);
    }

    @ParameterizedTest
    @EnumSource(TestScheduler.class)
    void fourEnginesThroughTheSchedulerRunTasksShowTheirJobAndStopCleanly(TestScheduler s) throws Exception {
        setUp(s);
        profile("b", "engines:\n  backend: " + s.backend() + "\nbatch:\n  walltime: 10m\n  job-name: jc-it\n");

        var start = jcluster.run("start", "--profile", "b", "-n", "4", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.err()).contains("engines-0-3: " + s.backend() + " job ");
        Launched job = jcluster.launched().stream().filter(l -> l.backend().equals(s.backend())).findFirst()
                .orElseThrow();
        assertThat(job.processCount()).isEqualTo(4);
        assertThat(s.inQueue(job.id())).as("job " + job.id() + " in the queue").isTrue();

        // each engine runs inside the job the scheduler gave us
        var exec = jcluster.run("exec", "--profile", "b", s.jobEnvironmentExpression());
        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(exec.out().lines().toList()).hasSize(4)
                .allSatisfy(line -> assertThat(line).endsWith("=> \"" + s.expectedJobValue(job.id()) + "\""));
        var run = jcluster.run("run", "--profile", "b", "--args", "1..8", "--", "sh", "-c", "echo $(( {} * 3 ))");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("8 task(s)").contains("exit 0: 8");

        var status = jcluster.run("status", "--profile", "b", "--json");
        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(status.out());
        assertThat(doc.get("engines")).hasSize(4);
        JsonNode launched = doc.get("launched");
        assertThat(launched.findValuesAsText("state")).contains("RUNNING");
        assertThat(launched.findValuesAsText("id")).contains(job.id());
        assertThat(jcluster.run("status", "--profile", "b").out()).contains("JOB/PID").contains(job.id())
                .contains("RUNNING");

        var stop = jcluster.run("stop", "--profile", "b");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(s.inQueue(job.id())).as("job " + job.id() + " still queued after stop").isFalse();
        assertThat(jcluster.alive()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestScheduler.class)
    void aQueueTheSchedulerDoesNotHaveIsOneClearErrorAndLeavesNothing(TestScheduler s) throws Exception {
        setUp(s);
        profile("nope", "engines:\n  backend: " + s.backend() + "\nbatch:\n  queue: no-such-queue\n");

        var start = jcluster.run("start", "--profile", "nope", "-n", "2", "-d");
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.err()).contains(s.backend() + " refused the engines-0-1 job")
                .containsIgnoringCase(s.unknownQueueMessage());
        assertThat(jcluster.alive()).as("controller left running").isEmpty();
        assertThat(jcluster.launched()).noneMatch(l -> l.backend().equals(s.backend()));
    }

    @ParameterizedTest
    @EnumSource(TestScheduler.class)
    void anEngineJobCancelledBehindOurBackIsNoticed(TestScheduler s) throws Exception {
        setUp(s);
        profile("jobs", "engines:\n  backend: " + s.backend() + "\nbatch:\n  placement: jobs\n");
        var start = jcluster.run("start", "--profile", "jobs", "-n", "2", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        List<Launched> jobs = jcluster.launched().stream().filter(l -> l.backend().equals(s.backend())).toList();
        assertThat(jobs).hasSize(2).extracting(Launched::role).containsExactly("engine-0", "engine-1");

        s.cancel(jobs.get(1).id());

        ObjectMapper json = new ObjectMapper();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode doc = json.readTree(jcluster.run("status", "--profile", "jobs", "--json").out());
            assertThat(doc.get("engines").findValuesAsText("state")).containsExactlyInAnyOrder("idle", "lost");
            // the controller and engine-0 run; the cancelled job is gone (qstat may list it as completed)
            assertThat(doc.get("launched").findValuesAsText("state")).filteredOn(st -> !st.equals("RUNNING"))
                    .singleElement().isIn("MISSING", "CANCELLED", "COMPLETED");
        });
        var stop = jcluster.run("stop", "--profile", "jobs");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(s.inQueue(jobs.get(0).id())).isFalse();
    }

    @Test
    void enginesOnANodeThatIsAnotherHostReachTheControllerAtItsAdvertisedAddressesOverTls() throws Exception {
        TestScheduler s = TestScheduler.SLURM;
        setUp(s);
        // no controller settings: bind auto, which for engines on a scheduler's nodes is every interface
        profile("far", "engines:\n  backend: slurm\nbatch:\n  queue: remote\n");
        var start = jcluster.run("start", "--profile", "far", "-n", "2", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        ConnectionInfo info = ConnectionInfo.read(jcluster.home().resolve("clusters/far-default/connection.properties"));
        assertThat(info.addresses()).extracting(a -> a.getHostString()).contains("10.213.0.1");
        assertThat(info.tlsCertificate()).as("TLS, since the controller listens beyond loopback").isNotEmpty();

        // h1 is another network namespace: its 127.0.0.1 is not this host's, so only 10.213.0.1 could work
        int port = info.addresses().get(0).getPort();
        assertThat(jcluster.run("exec", "--profile", "far", "String probe() { try (var s = new java.net.Socket()) {"
                + " s.connect(new java.net.InetSocketAddress(\"127.0.0.1\", " + port + "), 2000); return \"reached\"; }"
                + " catch (java.io.IOException e) { return \"unreachable\"; } }").exitCode()).isZero();
        var exec = jcluster.run("exec", "--profile", "far", "System.getenv(\"SLURMD_NODENAME\") + \" \" + probe()");
        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(exec.out().lines().toList()).containsExactlyInAnyOrder("[engine 0] => \"h1 unreachable\"",
                "[engine 1] => \"h1 unreachable\"");

        var stop = jcluster.run("stop", "--profile", "far");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        for (Launched l : jcluster.launched()) {
            assertThat(s.inQueue(l.id())).as(l.role() + " job " + l.id()).isFalse();
        }
    }

    @Test
    void aLoopbackControllerIsRefusedWhenTheSchedulerHasAnotherHostAndAcceptedWhenItsNodesAreThisHost()
            throws Exception {
        setUp(TestScheduler.SLURM);
        profile("near", "controller:\n  bind: 127.0.0.1\nengines:\n  backend: slurm\n");
        var refused = jcluster.run("start", "--profile", "near", "-n", "1", "-d");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("binds the controller to 127.0.0.1 (loopback)").contains("on h1")
                .contains("controller.bind: 0.0.0.0");
        assertThat(jcluster.launched()).as("nothing started").isEmpty();

        // Grid Engine's only execution host is this one: loopback reaches every engine
        setUp(TestScheduler.SGE);
        profile("here", "controller:\n  bind: 127.0.0.1\nengines:\n  backend: sge\n");
        var start = jcluster.run("start", "--profile", "here", "-n", "1", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(jcluster.run("exec", "--profile", "here", "1 + 1").out()).contains("=> 2");
        assertThat(jcluster.run("stop", "--profile", "here").exitCode()).isZero();
    }

    @Test
    void slurmCanRunTheControllerAsAJobAndEnginesAsOneJobOfTasks() throws Exception {
        TestScheduler s = TestScheduler.SLURM;
        setUp(s);
        profile("inside", "controller:\n  backend: slurm\nengines:\n  backend: slurm\nbatch:\n  placement: one-job\n");
        var start = jcluster.run("start", "--profile", "inside", "-n", "3", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(jcluster.launched()).extracting(Launched::role).containsExactly("controller", "engines-0-2");
        assertThat(jcluster.launched()).allMatch(l -> l.backend().equals("slurm"));

        var exec = jcluster.run("exec", "--profile", "inside", "System.getenv(\"SLURM_PROCID\")");
        assertThat(exec.exitCode()).as(exec.err()).isZero();
        // engine id == the task's rank within the job
        assertThat(exec.out().lines().toList()).containsExactlyInAnyOrder("[engine 0] => \"0\"",
                "[engine 1] => \"1\"", "[engine 2] => \"2\"");
        var stop = jcluster.run("stop", "--profile", "inside");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        for (Launched l : jcluster.launched()) {
            assertThat(s.inQueue(l.id())).as(l.role() + " job " + l.id()).isFalse();
        }
    }

    @Test
    void enginesLeaveTheirJobsAMarginBeforeTheWalltimeOnTheirOwn() throws Exception {
        TestScheduler s = TestScheduler.SLURM;
        setUp(s);
        // Slurm rounds the limit up to a minute; the engines go by the profile's 24 s, less a 12 s margin
        profile("short", "engines:\n  backend: slurm\nbatch:\n  walltime: 24s\n  walltime-margin: 12s\n");
        var start = jcluster.run("start", "--profile", "short", "-n", "2", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        Launched job = jcluster.launched().stream().filter(l -> l.backend().equals("slurm")).findFirst().orElseThrow();
        ObjectMapper json = new ObjectMapper();
        Awaitility.await().atMost(Duration.ofSeconds(50)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode doc = json.readTree(jcluster.run("status", "--profile", "short", "--json").out());
            assertThat(doc.get("engines").findValuesAsText("state")).as("they drained and left").containsOnly("left");
        });
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !s.inQueue(job.id()));
        String log = Files.readString(jcluster.home().resolve("clusters/short-default/logs/engine-0.log"));
        assertThat(log).contains("draining (the batch job's walltime ends at").contains("leaving 12 s before it");
        assertThat(jcluster.run("stop", "--profile", "short").exitCode()).isZero();
    }

    @Test
    void jobsThatFailBeforeRegisteringStopTheStartWithTheirStateAndLog() throws Exception {
        TestScheduler s = TestScheduler.SLURM;
        setUp(s);
        profile("broken", "engines:\n  backend: slurm\nbatch:\n  prologue: |\n"
                + "    echo 'module java/17: not found' >&2\n    exit 3\n");
        var start = jcluster.run("start", "--profile", "broken", "-n", "2", "-d", "--timeout", "5m");
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.err()).contains("2 of 2 engines ended before all had registered")
                .contains("engines-0-1 (slurm job").contains("module java/17: not found");
        assertThat(jcluster.alive()).isEmpty();
    }
}
