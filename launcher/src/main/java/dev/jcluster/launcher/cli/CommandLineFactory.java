package dev.jcluster.launcher.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Builds the command line for {@code main} and for tests alike: commands get the {@link Context},
 * errors become one line plus a hint (stack trace with -x), exit codes come from {@link ExitCode}.
 */
public final class CommandLineFactory {
    private CommandLineFactory() {
    }

    public static CommandLine create(PrintWriter out, PrintWriter err, Map<String, String> env, Terminals terminals) {
        Context ctx = new Context(env, terminals);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    return cls.getDeclaredConstructor(Context.class).newInstance(ctx);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(cls);
                }
            }
        };
        CommandLine cl = new CommandLine(JClusterCommand.class, factory);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int code = e instanceof CliException ce ? ce.exitCode() : ExitCode.FAILURE;
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!(e instanceof CliException) && !(e instanceof IOException)) {
                message = e.getClass().getSimpleName() + ": " + message;
            }
            commandLine.getErr().println("error: " + message);
            if (parseResult.hasMatchedOption("--stacktrace")) {
                e.printStackTrace(commandLine.getErr());
            } else if (!(e instanceof CliException)) {
                commandLine.getErr().println("(run again with -x for the stack trace)");
            }
            commandLine.getErr().flush();
            return code;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("see `" + c.getCommandSpec().qualifiedName() + " --help`");
            c.getErr().flush();
            return ExitCode.USAGE;
        });
        return cl;
    }
}
