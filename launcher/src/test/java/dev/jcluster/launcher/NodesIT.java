package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.backends.spi.Launched;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Engines on nodes one already has: the ranks of a real mpiexec (Open MPI and MPICH), and whole
 * clusters started inside real Slurm and Grid Engine jobs by the example job scripts.
 */
class NodesIT {
    @TempDir
    Path tmp;
    JclusterCommand jcluster;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(tmp.resolve("home/profiles"));
        Files.createDirectories(tmp.resolve("work"));
        jcluster = new JclusterCommand(tmp.resolve("home"), tmp.resolve("work"));
    }

    @AfterEach
    void nothingLeftRunning() throws Exception {
        assertThat(jcluster.killLeftovers()).as("processes a test left running").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "mpirun.openmpi, '[--allow-run-as-root, --oversubscribe]', OMPI_COMM_WORLD_RANK",
        "mpiexec.mpich,  '[]',                                     PMI_RANK"})
    void mpiRanksAreEngineIdsAndAddedEnginesContinueTheNumbering(String launcher, String args, String rankVariable)
            throws Exception {
        requireCommand(launcher);
        Files.writeString(jcluster.home().resolve("profiles/m.yaml"),
                "engines:\n  backend: mpi\nmpi:\n  launcher: " + launcher + "\n  args: " + args + "\n");
        var start = jcluster.run("start", "--profile", "m", "-n", "3", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        var exec = jcluster.run("exec", "--profile", "m", "System.getenv(\"" + rankVariable + "\")");
        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(exec.out().lines().toList()).containsExactly("[engine 0] => \"0\"", "[engine 1] => \"1\"",
                "[engine 2] => \"2\"");

        var more = jcluster.run("engines", "--profile", "m", "-n", "2");
        assertThat(more.exitCode()).as(more.err()).isZero();
        var ids = jcluster.run("exec", "--profile", "m", "System.getenv(\"JCLUSTER_ENGINE_ID\") + \"/\" + System.getenv(\""
                + rankVariable + "\")");
        assertThat(ids.out().lines().toList()).containsExactly("[engine 0] => \"0/0\"", "[engine 1] => \"1/1\"",
                "[engine 2] => \"2/2\"", "[engine 3] => \"3/0\"", "[engine 4] => \"4/1\"");
        assertThat(jcluster.clusterProcesses()).extracting(Launched::role).containsExactly("controller", "engines-0-2",
                "engines-3-4");

        var stop = jcluster.run("stop", "--profile", "m");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(jcluster.alive()).isEmpty();
    }

    @Test
    void theSlurmJobScriptRunsAClusterOnItsTasksAndLeavesNothing() throws Exception {
        TestScheduler.SLURM.requireRunning();
        String id = submit(List.of("sbatch", "--parsable", "--ntasks=3", "-o", "slurm-%j.out",
                script("slurm-job.sh").toString()));
        awaitGone(TestScheduler.SLURM, id);
        String out = Files.readString(tmp.resolve("work/slurm-" + id + ".out"));
        assertThat(out).contains("[engine 0] => \"engine 0 on ").contains("Slurm task 0\"")
                .contains("[engine 1] => \"engine 1 on ").contains("Slurm task 1\"")
                .contains("[engine 2] => \"engine 2 on ").contains("Slurm task 2\"")
                .contains("stopped allocation-job-" + id);
        assertThat(jcluster.clusterProcesses()).extracting(Launched::backend).containsExactly("local", "allocation");
    }

    @Test
    void theGridEngineJobScriptRunsAClusterOnItsParallelEnvironmentSlots() throws Exception {
        TestScheduler.SGE.requireRunning();
        String id = submit(List.of("qsub", "-terse", "-V", "-pe", "smp", "3", script("sge-job.sh").toString()))
                .replaceAll("\\D.*", "");
        awaitGone(TestScheduler.SGE, id);
        String out = Files.readString(tmp.resolve("work/jcluster.o" + id));
        assertThat(out).contains("[engine 0] => \"engine 0 on ").contains("MPI rank 0\"")
                .contains("[engine 2] => \"engine 2 on ").contains("MPI rank 2\"")
                .contains("stopped allocation-job-" + id);
    }

    @Test
    void aBatchProfileStartedInsideAJobUsesTheJobsNodesInsteadOfSubmitting() throws Exception {
        TestScheduler.SLURM.requireRunning();
        Files.writeString(jcluster.home().resolve("profiles/s.yaml"), "engines:\n  backend: slurm\n");
        Path job = tmp.resolve("work/inside.sh");
        Files.writeString(job, "#!/bin/bash\nset -e\ntrap '$JCLUSTER stop --profile s' EXIT\n"
                + "$JCLUSTER start --profile s -n 2 -d\n$JCLUSTER exec --profile s 'System.getenv(\"SLURM_STEP_ID\")'\n");
        String id = submit(List.of("sbatch", "--parsable", "--ntasks=2", "-o", "inside-%j.out", job.toString()));
        awaitGone(TestScheduler.SLURM, id);
        String out = Files.readString(tmp.resolve("work/inside-" + id + ".out"));
        assertThat(out).contains("inside slurm job " + id + " (2 slots on ")
                .contains("starting 2 engines on its nodes instead of submitting to slurm")
                .contains("[engine 0] => ").contains("[engine 1] => ").contains("stopped s-default");
        assertThat(jcluster.clusterProcesses()).extracting(Launched::backend).containsExactly("local", "allocation");
    }

    private Path script(String name) {
        return JclusterCommand.REPO.resolve("scripts/jobs").resolve(name);
    }

    /** Submits from the work folder with the jcluster command and this test's home in the job's environment. */
    private String submit(List<String> argv) throws Exception {
        return Commands.output(argv, tmp.resolve("work"), Map.of(
                "JCLUSTER", JclusterCommand.REPO.resolve("scripts/jcluster").toString(),
                "JCLUSTER_HOME", jcluster.home().toString(),
                "OMPI_ALLOW_RUN_AS_ROOT", "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")).trim();
    }

    private static void awaitGone(TestScheduler s, String id) {
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !s.inQueue(id));
    }

    private static void requireCommand(String command) throws Exception {
        boolean present = Commands.run(List.of("sh", "-c", "command -v " + command)).exitCode() == 0;
        if ("1".equals(System.getenv("JCLUSTER_REQUIRE_SCHEDULERS"))) {
            assertThat(present).as(command + " is missing; test-cluster/setup.sh installs it").isTrue();
        } else {
            Assumptions.assumeTrue(present, command + " is not installed here");
        }
    }
}
