package dev.jcluster.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "jcluster", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = {"Start a controller and N engines on whatever you have, and send them Java tasks,",
                "Java code and shell commands.", ""},
        subcommands = {StartCommand.class, StopCommand.class, StatusCommand.class, ListCommand.class,
                EnginesCommand.class, TopCommand.class, TasksCommand.class, TaskCommand.class, LogsCommand.class,
                CleanCommand.class, ExecCommand.class, ConsoleCommand.class, RunCommand.class, FilesCommand.class,
                DashboardCommand.class, ProfileCommand.class, ScriptCommand.class, CompletionCommand.class,
                SuperviseCommand.class},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Examples:",
                "  jcluster start -n 4 --daemonize          # a local cluster, left running",
                "  jcluster exec 'Runtime.getRuntime().availableProcessors()'",
                "  jcluster run --args 1..100 -- echo       # shell tasks, load-balanced",
                "  jcluster status",
                "  jcluster stop",
                "", "Exit status: 0 ok, 1 failure, 2 invalid input (usage, bad profile).",
                "State lives in $JCLUSTER_HOME (default ~/.jcluster)."})
public final class JClusterCommand extends BaseCommand {
    @Option(names = {"-x", "--stacktrace"}, scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    boolean stacktrace;

    JClusterCommand(Context ctx) {
        super(ctx);
    }

    /** Bare `jcluster` is a usage error: the help goes to stderr, so that a script's output stays clean. */
    @Override
    int run() {
        spec.commandLine().usage(err());
        return ExitCode.USAGE;
    }
}
