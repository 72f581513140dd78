package dev.jcluster.backends.batch;

import dev.jcluster.backends.nodes.RankedEngines;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.backends.spi.Quoting;

/**
 * The shell lines at the end of a job script that start its processes. Every engine gets its id
 * from its place in the job (the array index, or its rank among the tasks) and logs to
 * engine-ID.log, so ids and logs are the same whichever way the engines were placed.
 */
final class ShellLaunch {
    private final PlannedJob job;
    private final String arrayIndexVariable;
    private final int arrayBase;
    private final String taskLauncher;

    ShellLaunch(PlannedJob job, String arrayIndexVariable, int arrayBase, String taskLauncher) {
        this.job = job;
        this.arrayIndexVariable = arrayIndexVariable;
        this.arrayBase = arrayBase;
        this.taskLauncher = taskLauncher;
    }

    String lines() {
        ProcessSpec s = job.first();
        StringBuilder sb = new StringBuilder();
        if (s.workingDirectory() != null) {
            sb.append("cd ").append(q(s.workingDirectory().toString())).append('\n');
        }
        s.environment().forEach((k, v) -> sb.append("export ").append(k).append('=').append(q(v)).append('\n'));
        String command = String.join(" ", s.command().stream().map(ShellLaunch::q).toList());
        String engineLog = q(job.logDir().toString()) + "/engine-${JCLUSTER_ENGINE_ID}.log";
        int first = s.index();
        switch (job.layout()) {
            case SINGLE -> {
                if (!job.isController()) {
                    sb.append("export JCLUSTER_ENGINE_ID=").append(first).append('\n');
                }
                sb.append("exec ").append(command).append(" >> ").append(q(s.logFile().toString())).append(" 2>&1");
            }
            case ARRAY -> sb.append("export JCLUSTER_ENGINE_ID=$(( ").append(first).append(" + ")
                    .append(arrayIndexVariable).append(" - ").append(arrayBase).append(" ))\n")
                    .append("exec ").append(command).append(" >> ").append(engineLog).append(" 2>&1");
            case TASKS -> {
                String inner = RankedEngines.script(s.command(), first, job.logDir());
                sb.append("exec ").append(taskLauncher.replace("{{tasks}}", Integer.toString(job.specs().size())))
                        .append(" /bin/bash -c ").append(q(inner));
            }
            default -> throw new IllegalStateException(job.layout().toString());
        }
        return sb.toString();
    }

    private static String q(String word) {
        return Quoting.shell(word);
    }
}
