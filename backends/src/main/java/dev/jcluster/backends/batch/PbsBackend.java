package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.JobOptions;
import dev.jcluster.backends.spi.NamedProvider;
import dev.jcluster.backends.spi.State;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PBS Pro, OpenPBS and Torque: qsub, qstat, qdel; #PBS directives. Ids keep their server suffix ("123.server"). */
public final class PbsBackend extends BatchBackend {
    private static final Pattern JOB_ID = Pattern.compile("^Job Id:\\s*(\\S+)\\s*$");
    private static final Pattern JOB_STATE = Pattern.compile("^\\s+job_state\\s*=\\s*(\\S+)\\s*$");
    private static final Map<String, State> STATES = Map.ofEntries(
            Map.entry("Q", State.PENDING), Map.entry("W", State.PENDING), Map.entry("T", State.PENDING),
            Map.entry("M", State.PENDING),
            Map.entry("R", State.RUNNING), Map.entry("B", State.RUNNING), Map.entry("E", State.RUNNING),
            Map.entry("H", State.HELD), Map.entry("S", State.HELD), Map.entry("U", State.HELD),
            Map.entry("C", State.COMPLETED), Map.entry("F", State.COMPLETED), Map.entry("X", State.COMPLETED));

    public PbsBackend(JobOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "pbs";
    }

    @Override
    protected List<String> submitCommand(Path script) {
        return List.of("qsub", script.toString());
    }

    @Override
    protected List<String> cancelCommand(String jobId) {
        return List.of("qdel", jobId);
    }

    /** The full format: the default table shortens ids and names, `-f` keeps every id whole. */
    @Override
    protected List<String> statusCommand(List<String> jobIds) {
        List<String> argv = new ArrayList<>(List.of("qstat", "-f"));
        argv.addAll(jobIds);
        return argv;
    }

    /** "Job Id: 123.server" starts a job; its "job_state = R" line (indented by spaces or a tab) follows. */
    @Override
    protected List<Map.Entry<String, String>> parseStatus(String stdout, List<String> askedIds) {
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        String job = null;
        for (String line : stdout.split("\n")) {
            Matcher id = JOB_ID.matcher(line);
            Matcher state = JOB_STATE.matcher(line);
            if (id.matches()) {
                job = id.group(1);
            } else if (job != null && state.matches()) {
                rows.add(Map.entry(job, state.group(1)));
                job = null;
            }
        }
        return rows;
    }

    @Override
    protected boolean saysNoSuchJob(SchedulerCommand.Output output) {
        // PBSE_UNKJOBID (15001) leaves the process as exit 153; history-enabled servers say "has finished" (35)
        return output.exitCode() == 153 || output.exitCode() == 35 || output.stderr().contains("Unknown Job Id");
    }

    @Override
    protected Map<String, State> stateTable() {
        return STATES;
    }

    @Override
    protected String directivePrefix() {
        return "#PBS";
    }

    @Override
    protected String defaultJobIdPattern() {
        return "^\\s*(\\d+\\S*)";  // "123.server", "123[].server"; qdel wants all of it
    }

    @Override
    protected String arrayIndexVariable() {
        // PBS Pro, Torque, and Slurm running #PBS scripts each name the index differently
        return "${PBS_ARRAY_INDEX:-${PBS_ARRAYID:-${SLURM_ARRAY_TASK_ID}}}";
    }

    /** Plug-in entry. */
    public static final class Provider extends NamedProvider {
        public Provider() {
            super("pbs", "jobs submitted to PBS Pro, OpenPBS or Torque with qsub", o -> new PbsBackend(o.batch()));
        }
    }
}
