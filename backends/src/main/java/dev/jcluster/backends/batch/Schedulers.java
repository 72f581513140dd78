package dev.jcluster.backends.batch;

import static dev.jcluster.backends.batch.Scheduler.ID;
import static dev.jcluster.backends.batch.Scheduler.IDS;
import static dev.jcluster.backends.batch.Scheduler.IDS_COMMA;
import static dev.jcluster.backends.batch.Scheduler.SCRIPT;
import static dev.jcluster.backends.batch.Scheduler.USER;
import static dev.jcluster.backends.batch.StatusFormat.columns;
import static dev.jcluster.backends.spi.State.BLOCKED;
import static dev.jcluster.backends.spi.State.CANCELLED;
import static dev.jcluster.backends.spi.State.COMPLETED;
import static dev.jcluster.backends.spi.State.FAILED;
import static dev.jcluster.backends.spi.State.HELD;
import static dev.jcluster.backends.spi.State.PENDING;
import static dev.jcluster.backends.spi.State.RUNNING;
import static dev.jcluster.backends.spi.State.UNKNOWN;

import java.util.List;

/** The batch schedulers jcluster drives, one declaration each (see {@link Scheduler}). */
public final class Schedulers {
    public static final Scheduler SLURM = Scheduler.named("slurm", "jobs submitted to Slurm with sbatch")
            .submit("^(\\d+)", "sbatch", "--parsable", SCRIPT)  // "65541" or "65541;cluster"
            .status(columns(0, 1), "squeue", "--noheader", "--format=%i %T", "--jobs=" + IDS_COMMA)
            .noSuchJob(NoSuchJob.says("Invalid job id"))
            .cancel("scancel", ID)
            .trial("sbatch", "--test-only", SCRIPT)
            .nodes("sinfo", "--noheader", "--Node", "--format=%N")
            .states(PENDING, "PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_FED")
            .states(RUNNING, "RESIZING", "RUNNING", "COMPLETING", "SIGNALING", "STAGE_OUT")
            .states(HELD, "SUSPENDED", "STOPPED", "REQUEUE_HOLD", "RESV_DEL_HOLD")
            .states(COMPLETED, "COMPLETED")
            .states(CANCELLED, "CANCELLED", "REVOKED", "PREEMPTED", "DEADLINE")
            .states(FAILED, "FAILED", "BOOT_FAIL", "NODE_FAIL", "OUT_OF_MEMORY", "TIMEOUT", "SPECIAL_EXIT")
            .directives("#SBATCH").arrayIndex("SLURM_ARRAY_TASK_ID", 0).taskLauncher("srun")
            .template("slurm.sh").build();

    /** Grid Engine's `qstat -j` prints another, long format: the user's listing has every job asked for. */
    public static final Scheduler SGE = Scheduler.named("sge", "jobs submitted to (Son of) Grid Engine with qsub")
            .submit("^(\\d+)", "qsub", "-terse", SCRIPT)  // "5", arrays "7.1-4:1"
            .status(columns(0, 4), "qstat", "-u", USER)
            .cancel("qdel", ID)
            .trial("qsub", "-w", "v", SCRIPT)  // "verification: found suitable queue(s)", or why not and exit 1
            .nodes("qconf", "-sel")  // the execution hosts
            .states(PENDING, "qw", "Rq", "Rqw")
            .states(HELD, "hqw", "hRwq", "hRqw", "s", "ts", "S", "tS", "T", "tT", "Rs", "RS", "RT")
            // being deleted while running: its processes may still run, so it is still alive
            .states(RUNNING, "r", "t", "Rr", "Rt", "dr", "dt", "dRr")
            .states(CANCELLED, "dqw", "dhqw")
            // an error state waits in the queue for a person (qmod -cj): not alive, yet qdel must end it
            .states(BLOCKED, "Eqw", "Ehqw", "EhRqw")
            .directives("#$").arrayIndex("SGE_TASK_ID", 1)
            .template("sge.sh").build();

    /**
     * PBS Pro, OpenPBS and Torque. Ids keep their server suffix ("123.server", "123[].server"): qdel
     * wants all of it. `qstat -f` keeps every id whole, where the default table shortens them.
     */
    public static final Scheduler PBS = Scheduler.named("pbs", "jobs submitted to PBS Pro, OpenPBS or Torque with qsub")
            .submit("^\\s*(\\d+\\S*)", "qsub", SCRIPT)
            .status(StatusFormat.pbsFullListing(), "qstat", "-f", IDS)
            // PBSE_UNKJOBID leaves qstat with exit 153; history-enabled servers say "has finished" (35)
            .noSuchJob(NoSuchJob.says("Unknown Job Id").orExits(153, 35))
            .cancel("qdel", ID)
            .states(PENDING, "Q", "W", "T", "M")
            .states(RUNNING, "R", "B", "E")
            .states(HELD, "H", "S", "U")
            .states(COMPLETED, "C", "F", "X")
            .directives("#PBS")
            // PBS Pro, Torque, and Slurm running #PBS scripts each name the index differently
            .arrayIndex("${PBS_ARRAY_INDEX:-${PBS_ARRAYID:-${SLURM_ARRAY_TASK_ID}}}", 0)
            .template("pbs.sh").build();

    /** IBM Spectrum LSF reads #BSUB lines only from a script on bsub's standard input. */
    public static final Scheduler LSF = Scheduler.named("lsf", "jobs submitted to IBM Spectrum LSF with bsub")
            .submit("Job <(\\d+)>", "bsub").scriptOnStdin()  // "Job <123> is submitted to queue <normal>."
            .status(columns(0, 1), "bjobs", "-noheader", "-o", "jobid stat", IDS)
            .noSuchJob(NoSuchJob.says("is not found", "No unfinished job found"))
            .cancel("bkill", ID)
            .states(PENDING, "PEND", "PROV", "WAIT")
            .states(RUNNING, "RUN")
            .states(HELD, "PSUSP", "USUSP", "SSUSP")
            .states(COMPLETED, "DONE")
            .states(FAILED, "EXIT", "ZOMBI")
            .states(UNKNOWN, "UNKWN")
            .directives("#BSUB").arrayIndex("LSB_JOBINDEX", 1)
            .template("lsf.sh").build();

    /** Windows HPC Pack: an XML job whose tasks are the processes; `job view` answers for one job at a time. */
    public static final Scheduler WINHPC = Scheduler.named("winhpc",
                    "jobs submitted to Windows HPC Pack with `job submit`")
            .submit("ID: *(\\d+)", "job", "submit", "/jobfile:" + SCRIPT)  // "Job has been submitted. ID: 12."
            .status(StatusFormat.keyValue("State"), "job", "view", ID)
            .cancel("job", "cancel", ID)
            .states(PENDING, "Configuring", "Submitted", "Validating", "ExternalValidation", "Queued")
            .states(RUNNING, "Running", "Finishing", "Canceling")
            .states(COMPLETED, "Finished")
            .states(FAILED, "Failed")
            .states(CANCELLED, "Canceled")
            .arrayIndex("CCP_TASKINSTANCEID", 0).hpcTasks()
            .template("winhpc.xml").build();

    /**
     * HTCondor: the template is a submit description whose executable is a shell script rendered
     * beside it; an array is `queue N`, each process told its index as `$(Process)`, its first
     * argument. `condor_q -af:j` prints "42.0 2" per process; jobs that left the queue are not listed.
     */
    public static final Scheduler HTCONDOR = Scheduler.named("htcondor", "jobs submitted to HTCondor with condor_submit")
            .submit("submitted to cluster (\\d+)\\.", "condor_submit", SCRIPT)  // "3 job(s) submitted to cluster 42."
            .status(columns(0, 1), "condor_q", IDS, "-af:j", "JobStatus")
            .reason("condor_q", ID, "-af", "HoldReason")
            .cancel("condor_rm", ID)
            .states(PENDING, "1")      // Idle
            .states(RUNNING, "2", "6") // Running, Transferring Output
            .states(CANCELLED, "3")    // Removed
            .states(COMPLETED, "4")
            .states(BLOCKED, "5")      // Held: waits for condor_release
            .states(HELD, "7")         // Suspended
            .arrayIndex("$1", 0).executable("htcondor.sh")
            .template("htcondor.sub").build();

    public static final List<Scheduler> ALL = List.of(SLURM, SGE, PBS, LSF, WINHPC, HTCONDOR);

    private Schedulers() {
    }
}
