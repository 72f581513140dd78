package dev.jcluster.backends.batch;

import dev.jcluster.backends.spi.State;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A batch scheduler as data: its commands, directive prefix, job-id pattern, array index variable,
 * state table, how its status listing reads and how it says a job is unknown, and the job script
 * template it ships with. {@link BatchBackend} drives any of them; a new scheduler is a declaration
 * in {@link Schedulers} and a template, no code.
 *
 * <p>Commands are argv lists with placeholders: {@value #SCRIPT} (the job script's path),
 * {@value #ID} (one job id), {@value #IDS} (every id asked for, one argument each), {@value #IDS_COMMA}
 * (the ids joined by commas, inside an argument) and {@value #USER}. A status command with
 * {@value #ID} asks for one job at a time.
 */
public final class Scheduler {
    public static final String SCRIPT = "{script}";
    public static final String ID = "{id}";
    public static final String IDS = "{ids}";
    public static final String IDS_COMMA = "{ids,}";
    public static final String USER = "{user}";
    private static final String TEMPLATES = "templates/";

    private final String name;
    private final String description;
    private final List<String> submit;
    private final boolean submitOnStdin;
    private final String jobIdPattern;
    private final List<String> status;
    private final StatusFormat statusFormat;
    private final NoSuchJob noSuchJob;
    private final List<String> cancel;
    private final Map<String, State> states;
    private final String directivePrefix;
    private final String arrayIndexVariable;
    private final int arrayBase;
    private final String taskLauncher;
    private final String template;
    private final boolean hpcTasks;
    private final List<String> nodes;
    private final List<String> reason;
    private final String executable;
    private final List<String> trial;

    private Scheduler(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.submit = List.copyOf(Objects.requireNonNull(b.submit, "submit"));
        this.submitOnStdin = b.submitOnStdin;
        this.jobIdPattern = Objects.requireNonNull(b.jobIdPattern, "jobId");
        this.status = List.copyOf(Objects.requireNonNull(b.status, "status"));
        this.statusFormat = Objects.requireNonNull(b.statusFormat, "status format");
        this.noSuchJob = b.noSuchJob;
        this.cancel = List.copyOf(Objects.requireNonNull(b.cancel, "cancel"));
        this.states = Map.copyOf(b.states);
        this.directivePrefix = b.directivePrefix;
        this.arrayIndexVariable = Objects.requireNonNull(b.arrayIndexVariable, "array index");
        this.arrayBase = b.arrayBase;
        this.taskLauncher = b.taskLauncher;
        this.template = Objects.requireNonNull(b.template, "template");
        this.hpcTasks = b.hpcTasks;
        this.nodes = List.copyOf(b.nodes);
        this.reason = List.copyOf(b.reason);
        this.executable = b.executable;
        this.trial = List.copyOf(b.trial);
    }

    /** Starts a declaration: the name profiles use, and a sentence for help and errors. */
    public static Builder named(String name, String description) {
        return new Builder(name, description);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    List<String> submitCommand(Path script) {
        return expand(submit, Map.of(SCRIPT, script.toString()), List.of());
    }

    /** The scheduler reads the script from standard input (LSF reads #BSUB lines only so). */
    boolean submitsOnStdin() {
        return submitOnStdin;
    }

    /** Group 1 is the job id, in the submit command's standard output. */
    String jobIdPattern() {
        return jobIdPattern;
    }

    /** Whether the status command takes one job id at a time. */
    boolean statusPerJob() {
        return status.contains(ID);
    }

    List<String> statusCommand(List<String> jobIds) {
        return expand(status, Map.of(ID, jobIds.get(0), IDS_COMMA, String.join(",", jobIds),
                USER, System.getProperty("user.name")), jobIds);
    }

    /** The command that lists its nodes, one name first on each line; empty when the declaration has none. */
    List<String> nodesCommand() {
        return nodes;
    }

    /** The command that checks a job script without submitting it; empty when the scheduler has none. */
    List<String> trialCommand(Path script) {
        return trial.isEmpty() ? List.of() : expand(trial, Map.of(SCRIPT, script.toString()), List.of());
    }

    /** The command that says why a job is blocked (HTCondor's hold reason); empty when there is none. */
    List<String> reasonCommand(String jobId) {
        return reason.isEmpty() ? List.of() : expand(reason, Map.of(ID, jobId), List.of(jobId));
    }

    /**
     * The template of a shell script the job runs, when the main template is not one itself but a
     * description that names it (HTCondor's submit file, as {@code {{executable}}}); null otherwise.
     */
    String executableTemplate() {
        return executable;
    }

    List<String> cancelCommand(String jobId) {
        return expand(cancel, Map.of(ID, jobId), List.of(jobId));
    }

    StatusFormat statusFormat() {
        return statusFormat;
    }

    boolean saysNoSuchJob(SchedulerCommand.Output output) {
        return noSuchJob.test(output);
    }

    /** The scheduler's name for a state, mapped onto the common set; a name not in the table is UNKNOWN. */
    State state(String schedulerState) {
        return states.getOrDefault(schedulerState, State.UNKNOWN);
    }

    String directivePrefix() {
        return directivePrefix;
    }

    /** The shell expression for the array task index inside a running array job. */
    String arrayIndexVariable() {
        return arrayIndexVariable;
    }

    /** The first array index the scheduler allows. */
    int arrayBase() {
        return arrayBase;
    }

    /** What starts one engine per task inside a one-job placement, when the profile names none. */
    String taskLauncher() {
        return taskLauncher;
    }

    /** Processes are the job's tasks in its XML (Windows HPC), not lines of a shell script. */
    boolean launchesHpcTasks() {
        return hpcTasks;
    }

    /** The file name of its template, for folders that override it ({@code slurm.sh}). */
    public String templateName() {
        return template;
    }

    /** The job script template shipped in this jar. */
    public String builtInTemplate() {
        return resource(template);
    }

    /** A template shipped in this jar, by file name. */
    static String resource(String fileName) {
        try (InputStream in = Scheduler.class.getResourceAsStream(TEMPLATES + fileName)) {
            if (in == null) {
                throw new IllegalStateException("the backends jar has no " + TEMPLATES + fileName);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> expand(List<String> argv, Map<String, String> values, List<String> ids) {
        List<String> out = new ArrayList<>(argv.size() + ids.size());
        for (String arg : argv) {
            if (arg.equals(IDS)) {
                out.addAll(ids);
                continue;
            }
            for (Map.Entry<String, String> v : values.entrySet()) {
                arg = arg.replace(v.getKey(), v.getValue());
            }
            out.add(arg);
        }
        return out;
    }

    /** A declaration in the making; {@link #build()} checks that nothing needed is missing. */
    public static final class Builder {
        private final String name;
        private final String description;
        private List<String> submit;
        private boolean submitOnStdin;
        private String jobIdPattern;
        private List<String> status;
        private StatusFormat statusFormat;
        private NoSuchJob noSuchJob = NoSuchJob.NEVER;
        private List<String> cancel;
        private final Map<String, State> states = new HashMap<>();
        private String directivePrefix = "";
        private String arrayIndexVariable;
        private int arrayBase;
        private String taskLauncher = "mpiexec -n {{tasks}}";
        private String template;
        private boolean hpcTasks;
        private List<String> nodes = List.of();
        private List<String> reason = List.of();
        private String executable;
        private List<String> trial = List.of();

        private Builder(String name, String description) {
            this.name = Objects.requireNonNull(name);
            this.description = Objects.requireNonNull(description);
        }

        /** The submit command; {@code jobIdPattern}'s group 1 finds the id in what it prints. */
        public Builder submit(String jobIdPattern, String... argv) {
            this.jobIdPattern = jobIdPattern;
            this.submit = List.of(argv);
            return this;
        }

        /** The script goes to the submit command's standard input rather than as an argument. */
        public Builder scriptOnStdin() {
            this.submitOnStdin = true;
            return this;
        }

        public Builder status(StatusFormat format, String... argv) {
            this.statusFormat = format;
            this.status = List.of(argv);
            return this;
        }

        public Builder noSuchJob(NoSuchJob test) {
            this.noSuchJob = test;
            return this;
        }

        public Builder cancel(String... argv) {
            this.cancel = List.of(argv);
            return this;
        }

        /**
         * A command that lists the scheduler's nodes, a name first on each line: where jobs may run,
         * so that `start` can tell whether a controller on loopback is out of their reach.
         */
        public Builder nodes(String... argv) {
            this.nodes = List.of(argv);
            return this;
        }

        /**
         * A command that checks a job script as a submission would, queue, account and limits, and
         * submits nothing (sbatch --test-only): an elastic cluster runs it when it starts.
         */
        public Builder trial(String... argv) {
            this.trial = List.of(argv);
            return this;
        }

        /** A command that prints why one job is blocked, for the error that reports it. */
        public Builder reason(String... argv) {
            this.reason = List.of(argv);
            return this;
        }

        /** The template (under {@code templates/}) of the shell script a description-style template names. */
        public Builder executable(String fileName) {
            this.executable = fileName;
            return this;
        }

        /** The scheduler's names for one common state. */
        public Builder states(State common, String... names) {
            for (String n : names) {
                if (states.putIfAbsent(n, common) != null) {
                    throw new IllegalArgumentException(name + ": state " + n + " is declared twice");
                }
            }
            return this;
        }

        public Builder directives(String prefix) {
            this.directivePrefix = prefix;
            return this;
        }

        public Builder arrayIndex(String variable, int base) {
            this.arrayIndexVariable = variable;
            this.arrayBase = base;
            return this;
        }

        public Builder taskLauncher(String launcher) {
            this.taskLauncher = launcher;
            return this;
        }

        /** Its template's file name, shipped under {@code templates/} beside this class. */
        public Builder template(String fileName) {
            this.template = fileName;
            return this;
        }

        /** Processes become the tasks of an XML job (Windows HPC). */
        public Builder hpcTasks() {
            this.hpcTasks = true;
            return this;
        }

        public Scheduler build() {
            return new Scheduler(this);
        }
    }
}
