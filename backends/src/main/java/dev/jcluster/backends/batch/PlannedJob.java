package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.JobOptions.Placement;
import dev.jcluster.backends.spi.ProcessSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One job to submit: the processes it holds and how they are laid out in it. The controller is
 * always a single job of its own; engines follow the profile's placement. All the processes of one
 * job share one command line: only their ids and logs differ.
 */
record PlannedJob(String role, List<ProcessSpec> specs, Layout layout) {

    enum Layout {
        /** One process: the controller, or one engine. */
        SINGLE,
        /** An array job, one engine per array task. */
        ARRAY,
        /** One job whose tasks (srun, mpiexec) are the engines. */
        TASKS
    }

    static List<PlannedJob> plan(List<ProcessSpec> specs, Placement placement) {
        List<PlannedJob> jobs = new ArrayList<>();
        boolean engines = specs.stream().noneMatch(s -> s.role().equals("controller"));
        if (!engines || placement == Placement.JOBS || specs.size() == 1) {
            for (ProcessSpec s : specs) {
                jobs.add(new PlannedJob(s.role(), List.of(s), Layout.SINGLE));
            }
            return jobs;
        }
        String role = "engines-" + specs.get(0).index() + "-" + specs.get(specs.size() - 1).index();
        jobs.add(new PlannedJob(role, List.copyOf(specs), placement == Placement.ARRAY ? Layout.ARRAY : Layout.TASKS));
        return jobs;
    }

    ProcessSpec first() {
        return specs.get(0);
    }

    boolean isController() {
        return role.equals("controller");
    }

    /** Where job scripts and the scheduler's own output go: next to the processes' logs. */
    Path logDir() {
        return first().logFile().toAbsolutePath().getParent();
    }

    Path scriptFile() {
        return logDir().resolve("job-" + role + ".sh");
    }

    /** The file submitted when the template describes the job rather than being its script (HTCondor). */
    Path descriptionFile() {
        return logDir().resolve("job-" + role + ".sub");
    }
}
