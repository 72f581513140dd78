package dev.jcluster.backends.batch;

import dev.jcluster.backends.batch.SchedulerCommand.Output;
import dev.jcluster.backends.spi.Backend;
import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.JobOptions;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.backends.spi.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything batch schedulers have in common: render a job script from a template, submit it,
 * read the job id, ask the scheduler for states, cancel. A concrete scheduler only declares its
 * commands, directive prefix, job-id pattern, state table, array index variable and how to read
 * its status listing.
 */
public abstract class BatchBackend implements Backend {
    private static final Logger log = LoggerFactory.getLogger(BatchBackend.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CANCEL_PATIENCE = Duration.ofSeconds(30);
    /** When a job has several rows (array tasks), the liveliest one speaks for it. */
    private static final List<State> PRECEDENCE = List.of(State.RUNNING, State.PENDING, State.HELD, State.UNKNOWN,
            State.FAILED, State.CANCELLED, State.COMPLETED, State.MISSING);
    private static final Pattern LEADING_DIGITS = Pattern.compile("^\\s*(\\d+)");

    protected final JobOptions options;
    private final SchedulerCommand commands = new SchedulerCommand(COMMAND_TIMEOUT);

    protected BatchBackend(JobOptions options) {
        this.options = options;
    }

    // ---- what each scheduler declares

    protected abstract List<String> submitCommand(Path script);

    /** LSF reads #BSUB lines only from a script on standard input. */
    protected boolean submitsOnStdin() {
        return false;
    }

    protected abstract List<String> cancelCommand(String jobId);

    protected abstract List<String> statusCommand(List<String> jobIds);

    /** Windows HPC's `job view` takes one id. */
    protected boolean statusOneJobAtATime() {
        return false;
    }

    /** Rows of (job id, scheduler state) from the status command's output; several rows per array job are fine. */
    protected abstract List<Map.Entry<String, String>> parseStatus(String stdout, List<String> askedIds);

    /** The scheduler's state names, mapped onto the common set; a name not in the table is UNKNOWN. */
    protected abstract Map<String, State> stateTable();

    /** True when a failed status query only means "no such job" (finished and forgotten). */
    protected boolean saysNoSuchJob(Output output) {
        return false;
    }

    protected abstract String directivePrefix();

    /** Group 1 is the job id, found in the submit command's standard output. */
    protected abstract String defaultJobIdPattern();

    /** The shell expression for the array task index inside a running array job. */
    protected abstract String arrayIndexVariable();

    /** The first array index the scheduler allows (SGE and LSF count from 1). */
    protected int arrayBase() {
        return 0;
    }

    /** What starts one engine per task inside a one-job placement, when the profile names none. */
    protected String defaultTaskLauncher() {
        return "mpiexec -n {{tasks}}";
    }

    // ---- the work

    @Override
    public boolean submitsJobs() {
        return true;
    }

    @Override
    public Duration pollInterval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public List<Launched> start(List<ProcessSpec> specs, Consumer<Launched> recorder) throws BackendException {
        List<Launched> out = new ArrayList<>();
        for (PlannedJob job : PlannedJob.plan(specs, options.placement())) {
            String script = render(job);
            Path file = job.scriptFile();
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, script + "\n");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException e) {
                throw new BackendException("cannot write the job script " + file + ": " + e.getMessage(), e);
            }
            List<String> submit = submitCommand(file);
            Output o = commands.run(submit, job.logDir(), submitsOnStdin() ? script + "\n" : null);
            if (!o.ok()) {
                throw new BackendException(name() + " refused the " + job.role() + " job (`" + o.commandLine()
                        + "` exited " + o.exitCode() + "):\n    " + o.said().replace("\n", "\n    ")
                        + "\nthe job script is " + file + " (`jcluster script` prints it)");
            }
            String id = jobId(o);
            Launched launched = new Launched(job.role(), name(), id, System.currentTimeMillis(), submitHost(),
                    job.first().logFile().toString(), job.specs().size());
            recorder.accept(launched);
            log.info("submitted {} as {} job {}", job.role(), name(), id);
            out.add(launched);
        }
        return out;
    }

    String jobId(Output o) throws BackendException {
        String pattern = options.jobIdPattern().isBlank() ? defaultJobIdPattern() : options.jobIdPattern();
        Matcher m = Pattern.compile(pattern, Pattern.MULTILINE).matcher(o.stdout());
        if (!m.find() || m.groupCount() < 1) {
            throw new BackendException("cannot find a job id in what `" + o.commandLine() + "` printed (pattern "
                    + pattern + "; set batch.job-id-pattern if your site's wrapper prints more):\n    "
                    + o.said().replace("\n", "\n    "));
        }
        return m.group(1);
    }

    @Override
    public State state(Launched launched) {
        return states(List.of(launched)).get(launched);
    }

    @Override
    public Map<Launched, State> states(List<Launched> launched) {
        Map<String, State> byKey = new LinkedHashMap<>();
        List<String> ids = launched.stream().map(Launched::id).distinct().toList();
        if (statusOneJobAtATime()) {
            for (String id : ids) {
                byKey.putAll(query(List.of(id)));
            }
        } else if (!ids.isEmpty()) {
            byKey.putAll(query(ids));
        }
        Map<Launched, State> out = new LinkedHashMap<>();
        for (Launched l : launched) {
            out.put(l, byKey.getOrDefault(key(l.id()), State.MISSING));
        }
        return out;
    }

    private Map<String, State> query(List<String> ids) {
        Map<String, State> out = new LinkedHashMap<>();
        try {
            Output o = commands.run(statusCommand(ids), null, null);
            List<Map.Entry<String, String>> rows = parseStatus(o.stdout(), ids);
            if (rows.isEmpty() && !o.ok() && !saysNoSuchJob(o)) {
                log.warn("`{}` failed (exit {}): {}", o.commandLine(), o.exitCode(), o.said());
                ids.forEach(id -> out.put(key(id), State.UNKNOWN));
                return out;
            }
            for (Map.Entry<String, String> row : rows) {
                State s = stateTable().getOrDefault(row.getValue(), State.UNKNOWN);
                out.merge(key(row.getKey()), s,
                        (a, b) -> PRECEDENCE.indexOf(a) <= PRECEDENCE.indexOf(b) ? a : b);
            }
        } catch (BackendException e) {
            log.warn("cannot ask {} for job states: {}", name(), e.getMessage());
            ids.forEach(id -> out.put(key(id), State.UNKNOWN));
        }
        return out;
    }

    /** Ids compare by their number: `qstat` shortens `123.server.example.org`, arrays add `_4` or `[]`. */
    static String key(String id) {
        Matcher m = LEADING_DIGITS.matcher(id);
        return m.find() ? m.group(1) : id.strip();
    }

    @Override
    public void stop(Launched launched, Duration grace) throws BackendException {
        Output o = commands.run(cancelCommand(launched.id()), null, null);
        long deadline = System.nanoTime() + Math.max(grace.toNanos(), CANCEL_PATIENCE.toNanos());
        State s;
        while ((s = state(launched)).alive()) {
            if (System.nanoTime() > deadline) {
                throw new BackendException(name() + " job " + launched.id() + " is still " + s + " after `"
                        + o.commandLine() + "`: " + o.said());
            }
            try {
                Thread.sleep(pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while cancelling " + name() + " job " + launched.id());
            }
        }
    }

    @Override
    public String describe(List<ProcessSpec> specs) {
        StringBuilder sb = new StringBuilder();
        for (PlannedJob job : PlannedJob.plan(specs, options.placement())) {
            sb.append("# ---- ").append(job.role()).append(": `")
                    .append(String.join(" ", submitCommand(job.scriptFile())))
                    .append(submitsOnStdin() ? " < " + job.scriptFile() : "")
                    .append("` in ").append(job.logDir()).append('\n');
            try {
                sb.append(render(job)).append('\n');
            } catch (BackendException e) {
                sb.append("# cannot render: ").append(e.getMessage()).append('\n');
            }
        }
        return sb.toString();
    }

    // ---- the script

    String render(PlannedJob job) throws BackendException {
        if (options.template().isBlank()) {
            throw new BackendException("no job script template for " + name()
                    + " (profiles/templates/ holds one per scheduler; batch.template names your own)");
        }
        return new ScriptTemplate(options.template(), options.templateSource()).render(new JobVariables(
                options, job, directivePrefix(), arrayBase(), launch(job)).values());
    }

    /** The lines that start the job's processes, for the {{launch}} variable. */
    protected String launch(PlannedJob job) {
        return new ShellLaunch(job, arrayIndexVariable(), arrayBase(),
                options.taskLauncher().isBlank() ? defaultTaskLauncher() : options.taskLauncher()).lines();
    }

    private static String submitHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    // ---- helpers for the concrete schedulers

    /** Rows of a whitespace-separated table whose id column starts with a digit (headers and rulers skip). */
    protected static List<Map.Entry<String, String>> columns(String stdout, int idColumn, int stateColumn) {
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length > Math.max(idColumn, stateColumn) && !cols[idColumn].isEmpty()
                    && Character.isDigit(cols[idColumn].charAt(0))) {
                rows.add(Map.entry(cols[idColumn], cols[stateColumn]));
            }
        }
        return rows;
    }

    protected static String currentUser() {
        return System.getProperty("user.name");
    }
}
