package dev.jcluster.backends.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.backends.spi.JobOptions;
import dev.jcluster.backends.spi.JobOptions.Placement;
import dev.jcluster.backends.spi.ProcessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The templates shipped in the backends jar, rendered as `jcluster script` would. */
class JobScriptTest {
    private static final Path LOGS = Path.of("/c/logs");

    /** No template of the profile's own: each scheduler's built-in one. */
    private static JobOptions options(Placement placement, double gib, int cpus, String queue) {
        return new JobOptions(queue, Duration.ofMinutes(90), Duration.ofMinutes(5), "", gib, cpus, 1, "", "jc", placement,
                List.of("--exclusive", "#SBATCH --comment=kept"), "module load java/17", "", "", "", "smp", "");
    }

    private static List<ProcessSpec> engines(int first, int n) {
        List<ProcessSpec> out = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            out.add(new ProcessSpec("engine-" + i, List.of("/j/bin/java", "-cp", "a b", "E", "--connection-file",
                    "/c/connection.properties"), null, Map.of("K", "v w"), LOGS.resolve("engine-" + i + ".log")));
        }
        return out;
    }

    private static String render(BatchBackend b, List<ProcessSpec> specs, Placement p) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (PlannedJob job : PlannedJob.plan(specs, p)) {
            sb.append(b.render(job)).append("\n=====\n");
        }
        return sb.toString();
    }

    @Test
    void slurmArrayOfFourFromEngineFour() throws Exception {
        var b = new BatchBackend(Schedulers.SLURM, options(Placement.ARRAY, 2, 1, "debug"));
        String s = render(b, engines(4, 4), Placement.ARRAY);
        assertThat(s).contains("#SBATCH --array=0-3\n").contains("#SBATCH --partition=debug\n")
                .contains("#SBATCH --time=01:30:00\n").contains("#SBATCH --mem-per-cpu=2048M\n")
                .contains("#SBATCH --exclusive\n#SBATCH --comment=kept\n").contains("module load java/17\n")
                .contains("export JCLUSTER_JOB_END=$(( $(date +%s) + 5400 )) JCLUSTER_WALLTIME_MARGIN=300\n")
                .contains("export K='v w'\n")
                .contains("export JCLUSTER_ENGINE_ID=$(( 4 + SLURM_ARRAY_TASK_ID - 0 ))\n")
                .contains("exec /j/bin/java -cp 'a b' E --connection-file /c/connection.properties >> "
                        + "/c/logs/engine-${JCLUSTER_ENGINE_ID}.log 2>&1")
                .doesNotContain("--account").doesNotContain("{{").containsOnlyOnce("=====");
    }

    @Test
    void slurmOneJobStartsTheEnginesWithSrunAndRanksGiveIds() throws Exception {
        var b = new BatchBackend(Schedulers.SLURM, options(Placement.ONE_JOB, 0, 2, ""));
        String s = render(b, engines(0, 4), Placement.ONE_JOB);
        assertThat(s).contains("#SBATCH --ntasks=4\n").contains("#SBATCH --cpus-per-task=2\n")
                .doesNotContain("--array").doesNotContain("--mem-per-cpu").doesNotContain("--partition")
                .contains("exec srun /bin/bash -c 'export JCLUSTER_ENGINE_ID=$(( 0 + "
                        + "${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-${SLURM_PROCID:-0}}} ));");
    }

    @Test
    void sgeArraysCountFromOneAndMultiSlotEnginesAskForAParallelEnvironment() throws Exception {
        var b = new BatchBackend(Schedulers.SGE, options(Placement.ARRAY, 1.5, 2, ""));
        String s = render(b, engines(0, 3), Placement.ARRAY);
        assertThat(s).contains("#$ -t 1-3\n").contains("#$ -pe smp 2\n").contains("#$ -l h_vmem=1.5G\n")
                .contains("#$ -l h_rt=01:30:00\n").contains("#$ --exclusive\n")
                .contains("export JCLUSTER_ENGINE_ID=$(( 0 + SGE_TASK_ID - 1 ))");
    }

    @Test
    void jobsPlacementIsOneJobPerEngineWithItsOwnIdAndLog() throws Exception {
        var b = new BatchBackend(Schedulers.PBS, options(Placement.JOBS, 4, 1, "workq"));
        String s = render(b, engines(0, 2), Placement.JOBS);
        assertThat(s.split("=====")).hasSize(3);
        assertThat(s).contains("export JCLUSTER_ENGINE_ID=0\n").contains("export JCLUSTER_ENGINE_ID=1\n")
                .contains(">> /c/logs/engine-1.log 2>&1").contains("#PBS -l mem=4096mb\n").contains("#PBS -q workq\n")
                .doesNotContain("\n#PBS -J ");
    }

    @Test
    void theControllerJobSetsNoEngineId() throws Exception {
        var b = new BatchBackend(Schedulers.LSF, options(Placement.ARRAY, 0, 1, ""));
        var controller = new ProcessSpec("controller", List.of("/j/bin/java", "C"), Path.of("/c"), Map.of(),
                LOGS.resolve("controller.log"));
        String s = render(b, List.of(controller), Placement.ARRAY);
        assertThat(s).contains("#BSUB -J jc-controller\n").contains("cd /c\n")
                .contains("exec /j/bin/java C >> /c/logs/controller.log 2>&1").doesNotContain("JCLUSTER_ENGINE_ID");
        assertThat(render(b, engines(0, 4), Placement.ARRAY)).contains("#BSUB -J jc[1-4]\n")
                .contains("$(( 0 + LSB_JOBINDEX - 1 ))");
    }
}
