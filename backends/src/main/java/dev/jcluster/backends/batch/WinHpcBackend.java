package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.JobOptions;
import dev.jcluster.backends.spi.NamedProvider;
import dev.jcluster.backends.spi.State;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Windows HPC Pack: `job submit /jobfile:` of an XML job whose tasks are the processes, `job view`
 * (one job at a time, "State : Running"), `job cancel`. The template is XML, not a shell script.
 */
public final class WinHpcBackend extends BatchBackend {
    private static final Map<String, State> STATES = Map.ofEntries(
            Map.entry("Configuring", State.PENDING), Map.entry("Submitted", State.PENDING),
            Map.entry("Validating", State.PENDING), Map.entry("ExternalValidation", State.PENDING),
            Map.entry("Queued", State.PENDING),
            Map.entry("Running", State.RUNNING), Map.entry("Finishing", State.RUNNING),
            Map.entry("Canceling", State.RUNNING),
            Map.entry("Finished", State.COMPLETED), Map.entry("Failed", State.FAILED),
            Map.entry("Canceled", State.CANCELLED));

    public WinHpcBackend(JobOptions options) {
        super(options);
    }

    @Override
    public String name() {
        return "winhpc";
    }

    @Override
    protected List<String> submitCommand(Path script) {
        return List.of("job", "submit", "/jobfile:" + script);
    }

    @Override
    protected List<String> cancelCommand(String jobId) {
        return List.of("job", "cancel", jobId);
    }

    @Override
    protected List<String> statusCommand(List<String> jobIds) {
        return List.of("job", "view", jobIds.get(0));
    }

    @Override
    protected boolean statusOneJobAtATime() {
        return true;
    }

    @Override
    protected List<Map.Entry<String, String>> parseStatus(String stdout, List<String> askedIds) {
        for (String line : stdout.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals("State")) {
                return List.of(Map.entry(askedIds.get(0), line.substring(colon + 1).strip()));
            }
        }
        return List.of();
    }

    @Override
    protected Map<String, State> stateTable() {
        return STATES;
    }

    @Override
    protected String directivePrefix() {
        return "";
    }

    @Override
    protected String defaultJobIdPattern() {
        return "ID: *(\\d+)";  // "Job has been submitted. ID: 12."
    }

    @Override
    protected String arrayIndexVariable() {
        return "CCP_TASKINSTANCEID";
    }

    /** One {@code <Task>} per process, whatever the placement: an HPC job is a set of tasks. */
    @Override
    protected String launch(PlannedJob job) {
        return HpcTasks.xml(job);
    }

    /** Plug-in entry. */
    public static final class Provider extends NamedProvider {
        public Provider() {
            super("winhpc", "jobs submitted to Windows HPC Pack with `job submit`", o -> new WinHpcBackend(o.batch()));
        }
    }
}
