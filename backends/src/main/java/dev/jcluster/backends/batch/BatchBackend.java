package dev.jcluster.backends.batch;

import dev.jcluster.backends.batch.SchedulerCommand.Output;
import dev.jcluster.backends.spi.Backend;
import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.JobOptions;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.backends.spi.State;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any batch scheduler, driven from its declaration ({@link Scheduler}): render a job script from a
 * template, submit it, read the job id, ask the scheduler for states, cancel.
 */
public final class BatchBackend implements Backend {
    private static final Logger log = LoggerFactory.getLogger(BatchBackend.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CANCEL_PATIENCE = Duration.ofSeconds(30);
    /** When a job has several rows (array tasks), the liveliest one speaks for it. */
    private static final List<State> PRECEDENCE = List.of(State.RUNNING, State.PENDING, State.HELD, State.UNKNOWN,
            State.BLOCKED, State.FAILED, State.CANCELLED, State.COMPLETED, State.MISSING);
    private static final Pattern LEADING_DIGITS = Pattern.compile("^\\s*(\\d+)");

    private final Scheduler scheduler;
    private final JobOptions options;
    private final SchedulerCommand commands = new SchedulerCommand(COMMAND_TIMEOUT);

    public BatchBackend(Scheduler scheduler, JobOptions options) {
        this.scheduler = scheduler;
        this.options = options;
    }

    @Override
    public String name() {
        return scheduler.name();
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
            if (scheduler.executableTemplate() != null) {
                write(file, renderExecutable(job));
                file = job.descriptionFile();
            }
            write(file, script);
            List<String> submit = scheduler.submitCommand(file);
            Output o = commands.run(submit, job.logDir(), scheduler.submitsOnStdin() ? script + "\n" : null);
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

    /** The scheduler's trial submission of each job the specs make, where it has one: nothing is queued. */
    @Override
    public void trial(List<ProcessSpec> specs) throws BackendException {
        for (PlannedJob job : PlannedJob.plan(specs, options.placement())) {
            Path file = job.logDir().resolve("trial-" + job.role() + ".sh");
            List<String> argv = scheduler.trialCommand(file);
            if (argv.isEmpty()) {
                return;
            }
            write(file, render(job));
            Output o = commands.run(argv, job.logDir(), null);
            if (!o.ok()) {
                throw new BackendException(name() + " would refuse the " + job.role() + " job (`" + o.commandLine()
                        + "`, a trial that submits nothing, exited " + o.exitCode() + "):\n    "
                        + o.said().replace("\n", "\n    ") + "\nthe job script is " + file);
            }
            log.info("{} would accept the {} job: {}", name(), job.role(), o.said().strip());
        }
    }

    private static void write(Path file, String text) throws BackendException {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new BackendException("cannot write the job script " + file + ": " + e.getMessage(), e);
        }
    }

    String jobId(Output o) throws BackendException {
        String pattern = options.jobIdPattern().isBlank() ? scheduler.jobIdPattern() : options.jobIdPattern();
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
        if (scheduler.statusPerJob()) {
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
            Output o = commands.run(scheduler.statusCommand(ids), null, null);
            List<Map.Entry<String, String>> rows = scheduler.statusFormat().rows(o.stdout(), ids);
            if (rows.isEmpty() && !o.ok() && !scheduler.saysNoSuchJob(o)) {
                log.warn("`{}` failed (exit {}): {}", o.commandLine(), o.exitCode(), o.said());
                ids.forEach(id -> out.put(key(id), State.UNKNOWN));
                return out;
            }
            for (Map.Entry<String, String> row : rows) {
                State s = scheduler.state(row.getValue());
                out.merge(key(row.getKey()), s,
                        (a, b) -> PRECEDENCE.indexOf(a) <= PRECEDENCE.indexOf(b) ? a : b);
            }
        } catch (BackendException e) {
            log.warn("cannot ask {} for job states: {}", name(), e.getMessage());
            ids.forEach(id -> out.put(key(id), State.UNKNOWN));
        }
        return out;
    }

    /** Its scheduler's nodes, when its declaration says how to list them and the listing answers. */
    @Override
    public Optional<List<String>> hosts() {
        if (scheduler.nodesCommand().isEmpty()) {
            return Optional.empty();
        }
        try {
            Output o = commands.run(scheduler.nodesCommand(), null, null);
            List<String> nodes = o.stdout().lines().map(String::strip).filter(l -> !l.isEmpty())
                    .map(l -> l.split("\\s+")[0]).distinct().toList();
            if (!o.ok() || nodes.isEmpty()) {
                log.warn("`{}` listed no nodes (exit {}): {}", o.commandLine(), o.exitCode(), o.said());
                return Optional.empty();
            }
            return Optional.of(nodes);
        } catch (BackendException e) {
            log.warn("cannot ask {} for its nodes: {}", name(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The scheduler's reason for a blocked job, from its declared reason command. */
    @Override
    public Optional<String> reason(Launched launched) {
        List<String> argv = scheduler.reasonCommand(launched.id());
        if (argv.isEmpty()) {
            return Optional.empty();
        }
        try {
            Output o = commands.run(argv, null, null);
            String said = o.stdout().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("undefined"))
                    .distinct().reduce((a, b) -> a + "; " + b).orElse("");
            return o.ok() && !said.isEmpty() ? Optional.of(said) : Optional.empty();
        } catch (BackendException e) {
            return Optional.empty();
        }
    }

    /** Ids compare by their number: `qstat` shortens `123.server.example.org`, arrays add `_4` or `[]`. */
    static String key(String id) {
        Matcher m = LEADING_DIGITS.matcher(id);
        return m.find() ? m.group(1) : id.strip();
    }

    @Override
    public void stop(Launched launched, Duration grace) throws BackendException {
        Output o = commands.run(scheduler.cancelCommand(launched.id()), null, null);
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
            boolean described = scheduler.executableTemplate() != null;
            Path submitted = described ? job.descriptionFile() : job.scriptFile();
            sb.append("# ---- ").append(job.role()).append(": `")
                    .append(String.join(" ", scheduler.submitCommand(submitted)))
                    .append(scheduler.submitsOnStdin() ? " < " + submitted : "")
                    .append("` in ").append(job.logDir()).append('\n');
            try {
                sb.append(render(job)).append('\n');
                if (described) {
                    sb.append("# ---- ").append(job.scriptFile()).append(", its executable:\n")
                            .append(renderExecutable(job)).append('\n');
                }
            } catch (BackendException e) {
                sb.append("# cannot render: ").append(e.getMessage()).append('\n');
            }
        }
        return sb.toString();
    }

    // ---- the script

    /** The job script template: the profile's (or one found in a templates folder), else the one this jar ships. */
    public String template() {
        return options.template().isBlank() ? scheduler.builtInTemplate() : options.template();
    }

    String render(PlannedJob job) throws BackendException {
        String source = options.template().isBlank() ? "the built-in " + scheduler.templateName()
                : options.templateSource();
        return new ScriptTemplate(template(), source).render(variables(job));
    }

    /** The shell script a description-style template names as its executable. */
    private String renderExecutable(PlannedJob job) throws BackendException {
        String name = scheduler.executableTemplate();
        return new ScriptTemplate(Scheduler.resource(name), "the built-in " + name).render(variables(job));
    }

    private Map<String, String> variables(PlannedJob job) {
        Map<String, String> v = new JobVariables(options, job, scheduler.directivePrefix(), scheduler.arrayBase(),
                launch(job)).values();
        v.put("executable", job.scriptFile().toString());
        return v;
    }

    /** What starts the job's processes, for the {{launch}} variable. */
    private String launch(PlannedJob job) {
        if (scheduler.launchesHpcTasks()) {
            return HpcTasks.xml(job);
        }
        return new ShellLaunch(job, scheduler.arrayIndexVariable(), scheduler.arrayBase(),
                options.taskLauncher().isBlank() ? scheduler.taskLauncher() : options.taskLauncher()).lines();
    }

    private static String submitHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
