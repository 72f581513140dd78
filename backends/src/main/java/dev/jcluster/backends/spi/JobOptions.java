package dev.jcluster.backends.spi;

import java.time.Duration;
import java.util.List;

/**
 * What a profile asks of a batch scheduler for each job: where (queue or partition, account),
 * how much (walltime, memory per engine in GiB, CPUs per engine, nodes), how long before the walltime
 * engines stop taking tasks (at most half the walltime), how the engines are
 * placed in jobs, and the template the job script is rendered from. Empty strings and zeros mean
 * "not asked for": the scheduler's own default applies and the directive is left out.
 */
public record JobOptions(String queue, Duration walltime, Duration walltimeMargin, String account, double memoryGib, int cpusPerEngine,
                         int nodes, String resources, String jobName, Placement placement,
                         List<String> extraDirectives, String prologue, String template, String templateSource,
                         String jobIdPattern, String parallelEnvironment, String taskLauncher) {

    /** How N engines are put into jobs. */
    public enum Placement {
        /** One array job of N tasks, one engine each (the default: one submission, one id, queues well). */
        ARRAY,
        /** N separate jobs, one engine each. */
        JOBS,
        /** One job of N tasks; {@code srun} or {@code mpiexec} inside starts the engines. */
        ONE_JOB
    }

    public static final JobOptions DEFAULTS = new JobOptions("", null, Duration.ofMinutes(2), "", 0, 1, 1, "",
            "jcluster", Placement.ARRAY,
            List.of(), "", "", "", "", "smp", "");

    public JobOptions {
        extraDirectives = List.copyOf(extraDirectives);
    }
}
