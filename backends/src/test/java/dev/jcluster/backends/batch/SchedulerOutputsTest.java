package dev.jcluster.backends.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.backends.batch.SchedulerCommand.Output;
import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.JobOptions;
import dev.jcluster.backends.spi.State;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Job ids and states read from what the schedulers print. The texts are the documented formats
 * (../shared/notes/scheduler-outputs.md, which names the source of each).
 */
class SchedulerOutputsTest {
    private static final JobOptions O = JobOptions.DEFAULTS;

    private static Output stdout(String text) {
        return new Output(List.of("x"), 0, text, "");
    }

    /** Job key to common state, the way the backend reads a status listing. */
    private static Map<String, State> states(Scheduler s, String listing) {
        Map<String, State> out = new TreeMap<>();
        for (var row : s.statusFormat().rows(listing, List.of("12"))) {
            out.merge(BatchBackend.key(row.getKey()), s.state(row.getValue()),
                    (x, y) -> x == State.RUNNING ? x : y);
        }
        return out;
    }

    @Test
    void jobIdsAsEachSchedulerPrintsThem() throws Exception {
        assertThat(new BatchBackend(Schedulers.SLURM, O).jobId(stdout("65541;cluster\n"))).isEqualTo("65541");
        assertThat(new BatchBackend(Schedulers.SGE, O).jobId(stdout("7.1-4:1\n"))).isEqualTo("7");
        assertThat(new BatchBackend(Schedulers.PBS, O).jobId(stdout("123[].pbsserver.example.org\n"))).isEqualTo("123[].pbsserver.example.org");
        assertThat(new BatchBackend(Schedulers.PBS, O).jobId(stdout("18\n"))).isEqualTo("18");
        assertThat(new BatchBackend(Schedulers.LSF, O).jobId(stdout("Job <113> is submitted to default queue <normal>.\n")))
                .isEqualTo("113");
        assertThat(new BatchBackend(Schedulers.WINHPC, O).jobId(stdout("Job has been submitted. ID: 12.\n"))).isEqualTo("12");
        assertThat(new BatchBackend(Schedulers.HTCONDOR, O).jobId(stdout(
                "Submitting job(s)...\n3 job(s) submitted to cluster 42.\n"))).isEqualTo("42");
    }

    @Test
    void anIdThatIsNotThereIsAnErrorNamingThePatternAndOutput() {
        assertThatThrownBy(() -> new BatchBackend(Schedulers.LSF, O).jobId(stdout("Request aborted by esub.\n")))
                .isInstanceOf(BackendException.class).hasMessageContaining("Job <(\\d+)>")
                .hasMessageContaining("Request aborted by esub").hasMessageContaining("batch.job-id-pattern");
    }

    @Test
    void pbsProQstatFullFormatWithFoldedValuesAndArrays() {
        String qstat = """
                Job Id: 69301.mycluster
                    Job_Name = jcluster
                    job_state = R
                    exec_host = b141/0*16+b142/0*16+b143/0*16+b144/0*16
                    Variable_List = PBS_O_SYSTEM=Linux,PBS_O_SHELL=/bin/bash,
                	PBS_O_HOME=/home/usernum1,PBS_O_LOGNAME=usernum1,
                	job_state = X

                Job Id: 69302[].mycluster
                    Job_Name = jcluster
                    job_state = B

                Job Id: 69303.mycluster
                    job_state = Q
                """;
        assertThat(states(Schedulers.PBS, qstat)).containsEntry("69301", State.RUNNING)
                .containsEntry("69302", State.RUNNING).containsEntry("69303", State.PENDING).hasSize(3);
        assertThat(BatchBackend.key("123.pbsserver.example.org")).isEqualTo(BatchBackend.key("123.pbsserver"));
        assertThat(Schedulers.PBS.saysNoSuchJob(new Output(List.of("qstat"), 153, "",
                "qstat: Unknown Job Id 123.server\n"))).isTrue();
    }

    @Test
    void torqueAndSlurmsWrapperIndentWithTabsAndKeepCompletedJobsAsC() {
        String torque = "Job Id: 22005.pbsserver\n    Job_Name = jcluster\n    job_state = C\n    exit_status = 0\n";
        String wrapper = "Job Id:\t60\n\tJob_Name = pbsarr\n\tJob_Owner = root@localhost\n\tjob_state = Q\n";
        assertThat(states(Schedulers.PBS, torque)).containsEntry("22005", State.COMPLETED);
        assertThat(states(Schedulers.PBS, wrapper)).containsEntry("60", State.PENDING);
    }

    @Test
    void sgeQstatOneRowPerArrayTaskTheLiveliestWins() {
        String qstat = """
                job-ID  prior   name       user         state submit/start at     queue                          slots ja-task-ID
                -----------------------------------------------------------------------------------------------------------------
                     12 0.50000 jcluster   root         r     11/24/2026 15:12:36 all.q@vm                           1 1
                     12 0.50000 jcluster   root         qw    11/24/2026 15:12:35                                    1 2-4:1
                     13 0.00000 jcluster   root         Eqw   11/24/2026 15:12:35                                    1
                     14 0.00000 jcluster   root         hqw   11/24/2026 15:12:35                                    1
                """;
        assertThat(states(Schedulers.SGE, qstat)).containsEntry("12", State.RUNNING)
                .containsEntry("13", State.BLOCKED).containsEntry("14", State.HELD);
        assertThat(State.BLOCKED.alive()).as("an error state will not run by itself").isFalse();
        assertThat(State.BLOCKED.queued()).as("but qdel must still take it out").isTrue();
    }

    @Test
    void slurmSqueueArrayTasksAndPendingRanges() {
        String squeue = "7_[2-3] PENDING\n7_0 RUNNING\n8 COMPLETING\n9 PENDING\n";
        assertThat(states(Schedulers.SLURM, squeue)).containsEntry("7", State.RUNNING)
                .containsEntry("8", State.RUNNING).containsEntry("9", State.PENDING);
        assertThat(Schedulers.SLURM.saysNoSuchJob(new Output(List.of("squeue"), 1, "",
                "slurm_load_jobs error: Invalid job id specified\n"))).isTrue();
    }

    @Test
    void lsfBjobsRowsPerArrayElement() {
        String bjobs = "113 PEND\n114 RUN\n114 RUN\n115 DONE\n116 EXIT\n117 USUSP\n";
        assertThat(states(Schedulers.LSF, bjobs)).containsEntry("113", State.PENDING)
                .containsEntry("114", State.RUNNING).containsEntry("115", State.COMPLETED)
                .containsEntry("116", State.FAILED).containsEntry("117", State.HELD);
    }

    @Test
    void htcondorAutoformatRowsPerProcessAndItsJobStatusCodes() {
        String q = "42.0 2\n42.1 1\n43.0 5\n44.0 7\n45.0 6\n";
        assertThat(states(Schedulers.HTCONDOR, q)).containsEntry("42", State.RUNNING)
                .containsEntry("43", State.BLOCKED).containsEntry("44", State.HELD).containsEntry("45", State.RUNNING);
        assertThat(Schedulers.HTCONDOR.state("1")).isEqualTo(State.PENDING);
        assertThat(Schedulers.HTCONDOR.state("3")).isEqualTo(State.CANCELLED);
        assertThat(Schedulers.HTCONDOR.state("4")).isEqualTo(State.COMPLETED);
        assertThat(Schedulers.HTCONDOR.statusCommand(List.of("42", "43")))
                .containsExactly("condor_q", "42", "43", "-af:j", "JobStatus");
        assertThat(Schedulers.HTCONDOR.reasonCommand("43")).containsExactly("condor_q", "43", "-af", "HoldReason");
    }

    @Test
    void windowsHpcJobViewStateLine() {
        String view = "Id                               : 12\nState                            : Queued\n";
        assertThat(Schedulers.WINHPC.statusFormat().rows(view, List.of("12"))).containsExactly(Map.entry("12", "Queued"));
        assertThat(Schedulers.WINHPC.state("Queued")).isEqualTo(State.PENDING);
        assertThat(Schedulers.WINHPC.state("Canceled")).isEqualTo(State.CANCELLED);
    }
}
