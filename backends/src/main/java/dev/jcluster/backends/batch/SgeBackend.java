package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.JobOptions;
import dev.jcluster.backends.spi.NamedProvider;
import dev.jcluster.backends.spi.State;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** (Son of) Grid Engine: qsub -terse, qstat, qdel; #$ directives; parallel environments for multi-slot jobs. */
public final class SgeBackend extends BatchBackend {
    private static final Map<String, State> STATES = Map.ofEntries(
            Map.entry("qw", State.PENDING), Map.entry("Rq", State.PENDING), Map.entry("Rqw", State.PENDING),
            Map.entry("hqw", State.HELD), Map.entry("hRwq", State.HELD), Map.entry("hRqw", State.HELD),
            Map.entry("r", State.RUNNING), Map.entry("t", State.RUNNING), Map.entry("Rr", State.RUNNING),
            Map.entry("Rt", State.RUNNING),
            // being deleted: its processes may still run, so it still counts as alive
            Map.entry("dr", State.RUNNING), Map.entry("dt", State.RUNNING), Map.entry("dRr", State.RUNNING),
            Map.entry("dqw", State.CANCELLED), Map.entry("dhqw", State.CANCELLED),
            Map.entry("s", State.HELD), Map.entry("ts", State.HELD), Map.entry("S", State.HELD),
            Map.entry("tS", State.HELD), Map.entry("T", State.HELD), Map.entry("tT", State.HELD),
            Map.entry("Rs", State.HELD), Map.entry("RS", State.HELD), Map.entry("RT", State.HELD),
            Map.entry("Eqw", State.FAILED), Map.entry("Ehqw", State.FAILED), Map.entry("EhRqw", State.FAILED));

    public SgeBackend(JobOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "sge";
    }

    @Override
    protected List<String> submitCommand(Path script) {
        return List.of("qsub", "-terse", script.toString());
    }

    @Override
    protected List<String> cancelCommand(String jobId) {
        return List.of("qdel", jobId);
    }

    @Override
    protected List<String> statusCommand(List<String> jobIds) {
        // qstat -j prints a different, long format; the user's listing has every job we care about
        return List.of("qstat", "-u", currentUser());
    }

    @Override
    protected List<Map.Entry<String, String>> parseStatus(String stdout, List<String> askedIds) {
        return columns(stdout, 0, 4);
    }

    @Override
    protected Map<String, State> stateTable() {
        return STATES;
    }

    @Override
    protected String directivePrefix() {
        return "#$";
    }

    @Override
    protected String defaultJobIdPattern() {
        return "^(\\d+)";  // -terse: "5", arrays "7.1-4:1"
    }

    @Override
    protected String arrayIndexVariable() {
        return "SGE_TASK_ID";
    }

    @Override
    protected int arrayBase() {
        return 1;
    }

    /** Plug-in entry. */
    public static final class Provider extends NamedProvider {
        public Provider() {
            super("sge", "jobs submitted to (Son of) Grid Engine with qsub", o -> new SgeBackend(o.batch()));
        }
    }
}
