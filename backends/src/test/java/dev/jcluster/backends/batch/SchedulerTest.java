package dev.jcluster.backends.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.backends.spi.Backends;
import dev.jcluster.backends.spi.State;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scheduler declarations: their commands as they run, their templates, and their discovery as backends. */
class SchedulerTest {
    @Test
    void commandsExpandTheirPlaceholders() {
        Path script = Path.of("/c/logs/engines.sh");
        assertThat(Schedulers.SLURM.submitCommand(script)).containsExactly("sbatch", "--parsable", "/c/logs/engines.sh");
        assertThat(Schedulers.SLURM.statusCommand(List.of("7", "9")))
                .containsExactly("squeue", "--noheader", "--format=%i %T", "--jobs=7,9");
        assertThat(Schedulers.PBS.statusCommand(List.of("7.srv", "9.srv"))).containsExactly("qstat", "-f", "7.srv", "9.srv");
        assertThat(Schedulers.SGE.statusCommand(List.of("7"))).containsExactly("qstat", "-u",
                System.getProperty("user.name"));
        assertThat(Schedulers.WINHPC.submitCommand(script)).containsExactly("job", "submit", "/jobfile:/c/logs/engines.sh");
        assertThat(Schedulers.LSF.submitCommand(script)).containsExactly("bsub");
        assertThat(Schedulers.LSF.submitsOnStdin()).isTrue();
        assertThat(Schedulers.LSF.cancelCommand("113")).containsExactly("bkill", "113");
    }

    @Test
    void onlyAStatusCommandNamingOneJobIsAskedOneJobAtATime() {
        assertThat(Schedulers.ALL).filteredOn(Scheduler::statusPerJob).containsExactly(Schedulers.WINHPC);
        assertThat(Schedulers.WINHPC.statusCommand(List.of("12"))).containsExactly("job", "view", "12");
    }

    @Test
    void everySchedulerShipsItsTemplateInTheJar() {
        for (Scheduler s : Schedulers.ALL) {
            String executable = s.executableTemplate() == null ? "" : Scheduler.resource(s.executableTemplate());
            assertThat(s.builtInTemplate() + executable).as(s.name()).contains("{{launch}}").contains("{{job_name}}");
            if (!executable.isEmpty()) {
                assertThat(s.builtInTemplate()).as(s.name() + " names its executable").contains("{{executable}}");
            }
        }
    }

    @Test
    void aStateNameNotInTheTableIsUnknownAndNoNameIsDeclaredTwice() {
        assertThat(Schedulers.SLURM.state("RUNNING")).isEqualTo(State.RUNNING);
        assertThat(Schedulers.SLURM.state("SOMETHING_NEW")).isEqualTo(State.UNKNOWN);
        assertThatThrownBy(() -> Scheduler.named("x", "x").states(State.RUNNING, "R").states(State.HELD, "R"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x: state R is declared twice");
    }

    @Test
    void aDeclarationWithoutItsCommandsIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> Scheduler.named("x", "x").submit("(\\d+)", "qsub", Scheduler.SCRIPT).build())
                .isInstanceOf(NullPointerException.class).hasMessage("status");
    }

    @Test
    void theSchedulersAreBackendsByName() {
        Backends backends = Backends.discover();
        assertThat(backends.names()).contains("slurm", "sge", "pbs", "lsf", "winhpc", "htcondor", "local", "ssh", "mpi");
        assertThat(backends.provider("slurm").description()).isEqualTo("jobs submitted to Slurm with sbatch");
        assertThat(backends.create("pbs")).isInstanceOf(BatchBackend.class)
                .extracting(b -> b.name()).isEqualTo("pbs");
    }
}
