package dev.jcluster.backends.nodes;

import dev.jcluster.backends.spi.MpiOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nodes of the batch job this process runs in, found from the environment the scheduler
 * sets: Slurm (SLURM_JOB_NODELIST), PBS/Torque (PBS_NODEFILE), Grid Engine (PE_HOSTFILE).
 */
public record Allocation(String scheduler, String jobId, int slots, String nodes, Optional<Path> hostFile) {
    private static final Pattern CPUS = Pattern.compile("(\\d+)(?:\\(x(\\d+)\\))?");

    public static Optional<Allocation> detect(Map<String, String> env) {
        if (env.containsKey("SLURM_JOB_NODELIST") && env.containsKey("SLURM_JOB_ID")) {
            int slots = env.containsKey("SLURM_NTASKS") ? Integer.parseInt(env.get("SLURM_NTASKS"))
                    : cpus(env.getOrDefault("SLURM_JOB_CPUS_PER_NODE", "1"));
            return Optional.of(new Allocation("slurm", env.get("SLURM_JOB_ID"), slots, env.get("SLURM_JOB_NODELIST"),
                    Optional.empty()));
        }
        if (env.containsKey("PBS_NODEFILE")) {
            Path f = Path.of(env.get("PBS_NODEFILE"));
            List<String> lines = lines(f);
            return Optional.of(new Allocation("pbs", env.getOrDefault("PBS_JOBID", "?"), lines.size(),
                    String.join(",", lines.stream().distinct().toList()), Optional.of(f)));
        }
        if (env.containsKey("PE_HOSTFILE")) {
            Path f = Path.of(env.get("PE_HOSTFILE"));
            List<String> lines = lines(f);
            int slots = lines.stream().mapToInt(l -> Integer.parseInt(l.trim().split("\\s+")[1])).sum();
            return Optional.of(new Allocation("sge", env.getOrDefault("JOB_ID", "?"), slots,
                    String.join(",", lines.stream().map(l -> l.trim().split("\\s+")[0]).toList()), Optional.of(f)));
        }
        return Optional.empty();
    }

    /** srun inside Slurm; elsewhere MPI, which reads Grid Engine's host file itself and is given PBS's. */
    public NodeLauncher launcher(MpiOptions mpi) {
        if (scheduler.equals("slurm")) {
            return NodeLauncher.srun();
        }
        List<String> args = new ArrayList<>(mpi.args());
        if (scheduler.equals("pbs")) {
            args.addAll(0, List.of("-machinefile", hostFile.orElseThrow().toString()));
        }
        return NodeLauncher.mpiexec(mpi.launcher(), args);
    }

    public String describe() {
        return scheduler + " job " + jobId + " (" + slots + " slot" + (slots == 1 ? "" : "s") + " on " + nodes + ")";
    }

    /** "4(x2),2" is 4+4+2 CPUs. */
    static int cpus(String perNode) {
        int total = 0;
        for (String part : perNode.split(",")) {
            Matcher m = CPUS.matcher(part.trim());
            if (m.matches()) {
                total += Integer.parseInt(m.group(1)) * (m.group(2) == null ? 1 : Integer.parseInt(m.group(2)));
            }
        }
        return Math.max(total, 1);
    }

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the job's host file " + f + ": " + e.getMessage(), e);
        }
    }
}
