package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.JobOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The values a job script template can use, for one planned job. Memory is per engine in GiB as
 * schedulers mean it (1 GiB = 1024 MiB); the MiB variants are for directives that want whole
 * numbers. Values that were not asked for are empty, which drops their template lines.
 */
final class JobVariables {
    private final JobOptions options;
    private final PlannedJob job;
    private final String directivePrefix;
    private final int arrayBase;
    private final String launch;

    JobVariables(JobOptions options, PlannedJob job, String directivePrefix, int arrayBase, String launch) {
        this.options = options;
        this.job = job;
        this.directivePrefix = directivePrefix;
        this.arrayBase = arrayBase;
        this.launch = launch;
    }

    Map<String, String> values() {
        int processes = job.specs().size();
        int tasks = job.layout() == PlannedJob.Layout.TASKS ? processes : 1;
        int cpus = Math.max(1, options.cpusPerEngine());
        int slots = tasks * cpus;
        double mib = options.memoryGib() * 1024;
        String array = job.layout() == PlannedJob.Layout.ARRAY
                ? arrayBase + "-" + (arrayBase + processes - 1) : "";
        Map<String, String> v = new LinkedHashMap<>();
        v.put("job_name", job.isController() ? options.jobName() + "-controller" : options.jobName());
        v.put("role", job.role());
        v.put("queue", options.queue());
        v.put("account", options.account());
        v.put("walltime", hms(options.walltime()));
        v.put("walltime_hm", hm(options.walltime()));
        boolean timed = options.walltime() != null && !options.walltime().isZero();
        v.put("walltime_seconds", timed ? Long.toString(options.walltime().toSeconds()) : "");
        v.put("walltime_margin_seconds", timed ? Long.toString(Math.min(options.walltimeMargin().toSeconds(),
                options.walltime().toSeconds() / 2)) : "");
        v.put("engines", job.isController() ? "0" : Integer.toString(processes));
        v.put("first_engine", job.isController() ? "" : Integer.toString(job.first().index()));
        v.put("processes", Integer.toString(processes));
        v.put("tasks", Integer.toString(tasks));
        v.put("cpus", Integer.toString(cpus));
        v.put("slots", Integer.toString(slots));
        v.put("nodes", Integer.toString(Math.max(1, options.nodes())));
        v.put("memory_gib", mib <= 0 ? "" : trim(options.memoryGib()));
        v.put("memory_mib", mib <= 0 ? "" : Long.toString((long) Math.ceil(mib)));
        v.put("memory_per_cpu_mib", mib <= 0 ? "" : Long.toString((long) Math.ceil(mib / cpus)));
        v.put("job_memory_mib", mib <= 0 ? "" : Long.toString((long) Math.ceil(mib * tasks)));
        v.put("resources", options.resources());
        v.put("parallel_environment", slots > 1 && !options.parallelEnvironment().isBlank()
                ? options.parallelEnvironment() + " " + slots : "");
        v.put("array", array);
        v.put("array_suffix", array.isEmpty() ? "" : "[" + array + "]");
        v.put("queue_count", job.layout() == PlannedJob.Layout.ARRAY ? Integer.toString(processes) : "1");
        v.put("extra_directives", directives(options.extraDirectives()));
        v.put("prologue", options.prologue().strip());
        v.put("log_dir", job.logDir().toString());
        v.put("connection_file", argumentAfter("--connection-file"));
        v.put("launch", launch);
        return v;
    }

    private String directives(List<String> extra) {
        return extra.stream().map(String::strip)
                .map(d -> d.startsWith("#") || directivePrefix.isEmpty() ? d : directivePrefix + " " + d)
                .collect(Collectors.joining("\n"));
    }

    private String argumentAfter(String flag) {
        List<String> cmd = job.first().command();
        int i = cmd.indexOf(flag);
        return i >= 0 && i + 1 < cmd.size() ? cmd.get(i + 1) : "";
    }

    private static String hms(Duration d) {
        if (d == null || d.isZero()) {
            return "";
        }
        long s = d.toSeconds();
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private static String hm(Duration d) {
        if (d == null || d.isZero()) {
            return "";
        }
        long m = (d.toSeconds() + 59) / 60;
        return String.format("%d:%02d", m / 60, m % 60);
    }

    private static String trim(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
