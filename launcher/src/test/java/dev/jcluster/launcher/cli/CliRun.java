package dev.jcluster.launcher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** One in-process invocation of the command line, through the same factory as main. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CommandLineFactory.create(new PrintWriter(out), new PrintWriter(err),
                Map.of("JCLUSTER_HOME", home.toString()), Terminals.NONE).execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
