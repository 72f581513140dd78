package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.JobOptions;
import dev.jcluster.backends.spi.NamedProvider;
import dev.jcluster.backends.spi.State;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** IBM Spectrum LSF: bsub (script on stdin, the only way #BSUB lines are read), bjobs, bkill. */
public final class LsfBackend extends BatchBackend {
    private static final Map<String, State> STATES = Map.ofEntries(
            Map.entry("PEND", State.PENDING), Map.entry("PROV", State.PENDING), Map.entry("WAIT", State.PENDING),
            Map.entry("RUN", State.RUNNING),
            Map.entry("PSUSP", State.HELD), Map.entry("USUSP", State.HELD), Map.entry("SSUSP", State.HELD),
            Map.entry("DONE", State.COMPLETED), Map.entry("EXIT", State.FAILED), Map.entry("ZOMBI", State.FAILED),
            Map.entry("UNKWN", State.UNKNOWN));

    public LsfBackend(JobOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "lsf";
    }

    @Override
    protected List<String> submitCommand(Path script) {
        return List.of("bsub");
    }

    @Override
    protected boolean submitsOnStdin() {
        return true;
    }

    @Override
    protected List<String> cancelCommand(String jobId) {
        return List.of("bkill", jobId);
    }

    @Override
    protected List<String> statusCommand(List<String> jobIds) {
        List<String> argv = new ArrayList<>(List.of("bjobs", "-noheader", "-o", "jobid stat"));
        argv.addAll(jobIds);
        return argv;
    }

    @Override
    protected List<Map.Entry<String, String>> parseStatus(String stdout, List<String> askedIds) {
        return columns(stdout, 0, 1);
    }

    @Override
    protected boolean saysNoSuchJob(SchedulerCommand.Output output) {
        return output.stderr().contains("is not found") || output.stdout().contains("No unfinished job found");
    }

    @Override
    protected Map<String, State> stateTable() {
        return STATES;
    }

    @Override
    protected String directivePrefix() {
        return "#BSUB";
    }

    @Override
    protected String defaultJobIdPattern() {
        return "Job <(\\d+)>";  // "Job <123> is submitted to (default) queue <normal>."
    }

    @Override
    protected String arrayIndexVariable() {
        return "LSB_JOBINDEX";
    }

    @Override
    protected int arrayBase() {
        return 1;
    }

    /** Plug-in entry. */
    public static final class Provider extends NamedProvider {
        public Provider() {
            super("lsf", "jobs submitted to IBM Spectrum LSF with bsub", o -> new LsfBackend(o.batch()));
        }
    }
}
