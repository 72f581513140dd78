package dev.jcluster.launcher.cli;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.LoadBalancedView;
import dev.jcluster.client.RemoteException;
import dev.jcluster.client.ShellCommand;
import dev.jcluster.client.ShellResult;
import dev.jcluster.client.TaskOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Run a shell command once per argument, load-balanced over the engines.",
        footer = {"", "Each task's stdout and stderr go to OUTPUT/task-N.out and .err; OUTPUT/summary.tsv lists",
                "argument, engine, exit code and seconds. Exits 1 if any task failed.", "",
                "Examples:",
                "  jcluster run --args 1..1000 -- ./simulate --seed {}",
                "  jcluster run --args-file inputs.txt --output results -- sh -c 'gzip -k {}'",
                "  jcluster run --args a,b,c -- echo          # no {}: the argument is appended",
                "  jcluster run --args 1..50 --retry-failed 2 -- ./flaky-download {}",
                "  jcluster run --args 1..8 --stage-in model/ --stage-out results -- ./fit --part {} --to results"})
final class RunCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Arguments arguments;

    static final class Arguments {
        @Option(names = "--args", paramLabel = "LIST", description = "Ranges and values: 1..1000, or a,b,c, or 1..5,9.")
        String list;

        @Option(names = "--args-file", paramLabel = "FILE", description = "One argument per line.")
        Path file;
    }

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Folder for outputs (default: ./jcluster-run-TIMESTAMP).")
    Path output;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0",
            description = "Re-run a task elsewhere this many times if its engine is lost (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--retry-failed", paramLabel = "N", defaultValue = "0",
            description = {"Also re-run a task that exits non-zero (or throws), on any engine, up to N times;"
                    + " at most the larger of --retries and this in all. Each attempt, with its engine and exit,"
                    + " is in `jcluster task ID` (default: ${DEFAULT-VALUE})."})
    int retryFailed;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Kill a task that runs longer than this.")
    String timeout;

    @Option(names = "--cwd", paramLabel = "DIR", description = "Working directory of the commands (default: the engine's).")
    String cwd;

    @Option(names = "--stage-in", paramLabel = "LOCAL[:REMOTE]",
            description = "Send this file or folder to every engine before the tasks (repeatable; REMOTE defaults to"
                    + " its name, relative to --cwd or the engine's working directory).")
    List<String> stageIn = new ArrayList<>();

    @Option(names = "--stage-out", paramLabel = "REMOTE",
            description = "Fetch this file or folder from every engine after the tasks, into OUTPUT/its name"
                    + " (OUTPUT/its name/engine-N from several engines; repeatable).")
    List<String> stageOut = new ArrayList<>();

    @Option(names = "--stream", description = "Print each task's output as it runs, lines prefixed with task and engine.")
    boolean stream;

    @Option(names = "--raw", description = {"Put each argument into a shell's -c script as it is. By default"
            + " {} inside `sh -c '...'` (bash, zsh... too) becomes the argument quoted as one shell word, so that"
            + " an argument with spaces, quotes, ; or $(...) stays data; elsewhere {} is always the argument as it is."})
    boolean raw;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command, after --; {} stands for the argument.")
    List<String> command;

    RunCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        List<String> args = arguments.list != null ? ArgumentList.parse(arguments.list) : ArgumentList.read(arguments.file);
        Path dir = output != null ? output : Path.of("jcluster-run-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        TaskOptions options = TaskOptions.DEFAULTS.withRetries(Math.max(retries, retryFailed));
        if (retryFailed > 0) {
            options = options.retryingFailures();
        }
        if (timeout != null) {
            options = options.withTimeout(StartCommand.parseDuration(timeout));
        }
        int width = Integer.toString(args.size()).length();
        TerminalReporter reporter = new TerminalReporter(err(), ctx.terminals().progressBars());
        long started = System.nanoTime();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        String[] summary = new String[args.size()];
        Map<Integer, Integer> exitCounts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        boolean stagedOut = true;
        RunStaging staging = new RunStaging(cwd);
        try (Client client = Connect.to(ctx, which)) {
            staging.in(client, stageIn, new FileProgress(reporter));
            LoadBalancedView lb = client.loadBalanced().withOptions(options);
            Map<Long, Integer> indexOf = new ConcurrentHashMap<>();
            if (stream) {
                lb = lb.streaming(line -> {
                    Integer i = indexOf.get(line.taskId());
                    String text = line.text().endsWith("\n") ? line.text().substring(0, line.text().length() - 1)
                            : line.text();
                    (line.stderr() ? err() : out()).println("[task " + (i == null ? "?" : i + 1) + " engine "
                            + line.engineId() + "] " + text);
                });
            }
            List<CompletableFuture<Void>> all = new ArrayList<>(args.size());
            for (int i = 0; i < args.size(); i++) {
                int index = i;
                String arg = args.get(i);
                AsyncResult<ShellResult> r = lb.shellAsync(new ShellCommand(ArgumentList.substitute(command, arg, raw),
                        cwd, Map.of()));
                indexOf.put(r.taskIds().get(0), index);
                all.add(r.toCompletableFuture().handleAsync((result, failure) -> {
                    String name = "task-" + String.format("%0" + width + "d", index + 1);
                    int exit;
                    String engine;
                    double seconds = 0;
                    try {
                        if (failure != null) {
                            Throwable cause = failure instanceof CompletionException
                                    ? failure.getCause() : failure;
                            RemoteException re = cause instanceof RemoteException x ? x : null;
                            exit = -1;
                            engine = re == null ? "-" : Integer.toString(re.engineId());
                            Files.writeString(dir.resolve(name + ".err"), re == null ? String.valueOf(cause)
                                    : re.getMessage() + "\n" + re.remoteStackTrace(), StandardCharsets.UTF_8);
                            failures.add(arg + " (" + (re == null ? cause.getMessage() : re.remoteClassName()
                                    + ": " + re.remoteMessage()) + ")");
                        } else {
                            exit = result.exitCode();
                            engine = Integer.toString(result.engineId());
                            var meta = r.metadata().get(0);
                            if (meta != null && meta.started() != null && meta.completed() != null) {
                                seconds = (meta.completed().toEpochMilli() - meta.started().toEpochMilli()) / 1000.0;
                            }
                            Files.writeString(dir.resolve(name + ".out"), result.stdout(), StandardCharsets.UTF_8);
                            Files.writeString(dir.resolve(name + ".err"), result.stderr(), StandardCharsets.UTF_8);
                            if (exit != 0) {
                                failures.add(arg + " (exit " + exit + ")");
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    exitCounts.merge(exit, 1, Integer::sum);
                    summary[index] = name + "\t" + arg + "\t" + engine + "\t" + exit + "\t" + seconds;
                    reporter.progress("tasks", done.incrementAndGet(), args.size());
                    return null;
                }, writer));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            try {
                staging.out(client, stageOut, dir, new FileProgress(reporter));
            } catch (IOException e) {
                stagedOut = false;
                err().println("error: --stage-out: " + e.getMessage());
            }
        } finally {
            writer.shutdown();
        }
        List<String> lines = new ArrayList<>();
        lines.add("task\targument\tengine\texit\tseconds");
        lines.addAll(List.of(summary));
        Files.write(dir.resolve("summary.tsv"), lines, StandardCharsets.UTF_8);
        double secs = (System.nanoTime() - started) / 1e9;
        StringBuilder codes = new StringBuilder();
        exitCounts.forEach((code, n) -> codes.append(codes.length() == 0 ? "" : ", ")
                .append(code == -1 ? "error" : "exit " + code).append(": ").append(n));
        out().printf("%d task(s) in %.1f s (%s); outputs in %s%n", args.size(), secs, codes, dir);
        if (!failures.isEmpty()) {
            List<String> shown = failures.subList(0, Math.min(20, failures.size()));
            err().println("error: " + failures.size() + " task(s) failed: " + String.join(", ", shown)
                    + (failures.size() > shown.size() ? ", ..." : "") + " (see " + dir.resolve("summary.tsv") + ")");
            return ExitCode.FAILURE;
        }
        return stagedOut ? ExitCode.OK : ExitCode.FAILURE;
    }
}
