package dev.jcluster.client;

import java.util.List;
import java.util.Map;

/** A command for an engine to run: argv (no shell unless you call one), working directory, extra environment. */
public record ShellCommand(List<String> argv, String workingDirectory, Map<String, String> environment) {
    public ShellCommand {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        workingDirectory = workingDirectory == null ? "" : workingDirectory;
    }

    public static ShellCommand of(String... argv) {
        return new ShellCommand(List.of(argv), "", Map.of());
    }

    /** {@code sh -c script}. */
    public static ShellCommand sh(String script) {
        return of("sh", "-c", script);
    }

    public ShellCommand inDirectory(String dir) {
        return new ShellCommand(argv, dir, environment);
    }

    public ShellCommand withEnvironment(Map<String, String> env) {
        return new ShellCommand(argv, workingDirectory, env);
    }
}
