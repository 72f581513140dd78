package dev.jcluster.launcher;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jcluster.backends.spi.Launched;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A real scheduler the integration tests submit to, with the scheduler's own commands for
 * checking its queue behind jcluster's back. Where .ci/run brought the schedulers up
 * (JCLUSTER_REQUIRE_SCHEDULERS=1) a scheduler that does not answer fails the test; elsewhere the
 * test is skipped.
 */
enum TestScheduler {
    SLURM("slurm", null, "System.getenv(\"SLURM_ARRAY_JOB_ID\")", "invalid partition"),
    SGE("sge", null, "System.getenv(\"JOB_ID\")", "unknown queue"),
    // Slurm's Torque-compatible wrappers: #PBS directives, qsub/qstat/qdel, PBS_* variables from the spank plug-in
    PBS("pbs", Path.of(System.getenv().getOrDefault("JCLUSTER_TEST_PBS_BIN", "/opt/slurm-torque/usr/bin")),
            "System.getenv(\"PBS_JOBNAME\")", "invalid partition");

    private final String backend;
    private final Path binDir;
    private final String jobEnvironmentExpression;
    private final String unknownQueueMessage;

    TestScheduler(String backend, Path binDir, String jobEnvironmentExpression, String unknownQueueMessage) {
        this.backend = backend;
        this.binDir = binDir;
        this.jobEnvironmentExpression = jobEnvironmentExpression;
        this.unknownQueueMessage = unknownQueueMessage;
    }

    /**
     * Jobs still in a real scheduler's queue (stand-ins' jobs are checked by {@link StandInJobs}) and
     * processes still alive of what {@code jcluster} launched, each ended
     * on the way (by the scheduler's own command, or by pid), named for the test's failure message.
     */
    static List<String> endLeftovers(JclusterCommand jcluster) throws IOException {
        List<String> leftovers = new ArrayList<>();
        for (Launched l : jcluster.launched()) {
            boolean real = Arrays.stream(values()).anyMatch(t -> t.backend.equals(l.backend()));
            if (real) {
                TestScheduler s = valueOf(l.backend().toUpperCase(Locale.ROOT));
                if (s.inQueue(l.id())) {
                    leftovers.add(l.backend() + " job " + l.id());
                    s.cancel(l.id());
                }
            }
        }
        leftovers.addAll(jcluster.killLeftovers().stream().map(l -> l.role() + " pid " + l.id()).toList());
        return leftovers;
    }

    String backend() {
        return backend;
    }

    Optional<Path> pathFirst() {
        return Optional.ofNullable(binDir);
    }

    String jobEnvironmentExpression() {
        return jobEnvironmentExpression;
    }

    /** What {@link #jobEnvironmentExpression} evaluates to on an engine of job {@code id}. */
    String expectedJobValue(String id) {
        return this == PBS ? "jc-it" : id;
    }

    String unknownQueueMessage() {
        return unknownQueueMessage;
    }

    void requireRunning() {
        List<String> probe = switch (this) {
            case SLURM -> List.of("sinfo", "-h", "-o", "%T");
            case SGE -> List.of("qstat", "-f");
            case PBS -> List.of(binDir.resolve("qstat").toString());
        };
        boolean up;
        try {
            up = run(probe).exitCode() == 0;
        } catch (IOException e) {
            up = false;
        }
        if ("1".equals(System.getenv("JCLUSTER_REQUIRE_SCHEDULERS"))) {
            if (!up) {
                throw new AssertionError(backend + " does not answer (`" + String.join(" ", probe)
                        + "`); test-cluster/setup.sh should have started it");
            }
        } else {
            assumeTrue(up, backend + " is not running here; `bash test-cluster/setup.sh` (as root) starts it");
        }
    }

    boolean inQueue(String id) throws IOException {
        String listing = switch (this) {
            case SLURM -> run(List.of("squeue", "-h", "-o", "%i %T", "-j", id)).output();
            case SGE -> run(List.of("qstat", "-u", "*")).output();
            case PBS -> run(List.of(binDir.resolve("qstat").toString(), id)).output();
        };
        // a row that starts with the job's number ("7", "7_2", "7.server"); error text never does
        Pattern row = Pattern.compile("^\\s*" + id.replaceAll("\\D.*", "")
                + "([_\\[.\\s]|$)");
        // qstat keeps finished jobs listed as C (completed) for a while: they are out of the queue
        return listing.lines().anyMatch(l -> row.matcher(l).find() && !(this == PBS && l.matches(".*\\sC\\s+\\S+\\s*$")));
    }

    void cancel(String id) throws IOException {
        switch (this) {
            case SLURM -> run(List.of("scancel", id));
            case SGE -> run(List.of("qdel", id));
            case PBS -> run(List.of(binDir.resolve("qdel").toString(), id));
            default -> throw new IllegalStateException();
        }
    }

    private static Commands.Result run(List<String> argv) throws IOException {
        return Commands.run(argv);
    }
}
