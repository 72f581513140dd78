package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.JobOptions;
import dev.jcluster.backends.spi.NamedProvider;
import dev.jcluster.backends.spi.State;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Slurm: sbatch, squeue, scancel; #SBATCH directives. */
public final class SlurmBackend extends BatchBackend {
    private static final Map<String, State> STATES = Map.ofEntries(
            Map.entry("PENDING", State.PENDING), Map.entry("CONFIGURING", State.PENDING),
            Map.entry("REQUEUED", State.PENDING), Map.entry("REQUEUE_FED", State.PENDING),
            Map.entry("RESIZING", State.RUNNING), Map.entry("RUNNING", State.RUNNING),
            Map.entry("COMPLETING", State.RUNNING), Map.entry("SIGNALING", State.RUNNING),
            Map.entry("STAGE_OUT", State.RUNNING),
            Map.entry("SUSPENDED", State.HELD), Map.entry("STOPPED", State.HELD), Map.entry("REQUEUE_HOLD", State.HELD),
            Map.entry("RESV_DEL_HOLD", State.HELD),
            Map.entry("COMPLETED", State.COMPLETED),
            Map.entry("CANCELLED", State.CANCELLED), Map.entry("REVOKED", State.CANCELLED),
            Map.entry("PREEMPTED", State.CANCELLED), Map.entry("DEADLINE", State.CANCELLED),
            Map.entry("FAILED", State.FAILED), Map.entry("BOOT_FAIL", State.FAILED), Map.entry("NODE_FAIL", State.FAILED),
            Map.entry("OUT_OF_MEMORY", State.FAILED), Map.entry("TIMEOUT", State.FAILED),
            Map.entry("SPECIAL_EXIT", State.FAILED));

    public SlurmBackend(JobOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    protected List<String> submitCommand(Path script) {
        return List.of("sbatch", "--parsable", script.toString());
    }

    @Override
    protected List<String> cancelCommand(String jobId) {
        return List.of("scancel", jobId);
    }

    @Override
    protected List<String> statusCommand(List<String> jobIds) {
        return List.of("squeue", "--noheader", "--format=%i %T", "--jobs=" + String.join(",", jobIds));
    }

    @Override
    protected List<Map.Entry<String, String>> parseStatus(String stdout, List<String> askedIds) {
        return columns(stdout, 0, 1);
    }

    @Override
    protected boolean saysNoSuchJob(SchedulerCommand.Output output) {
        return output.stderr().contains("Invalid job id");
    }

    @Override
    protected Map<String, State> stateTable() {
        return STATES;
    }

    @Override
    protected String directivePrefix() {
        return "#SBATCH";
    }

    @Override
    protected String defaultJobIdPattern() {
        return "^(\\d+)";  // --parsable: "65541" or "65541;cluster"
    }

    @Override
    protected String arrayIndexVariable() {
        return "SLURM_ARRAY_TASK_ID";
    }

    @Override
    protected String defaultTaskLauncher() {
        return "srun";
    }

    /** Plug-in entry. */
    public static final class Provider extends NamedProvider {
        public Provider() {
            super("slurm", "jobs submitted to Slurm with sbatch", o -> new SlurmBackend(o.batch()));
        }
    }
}
