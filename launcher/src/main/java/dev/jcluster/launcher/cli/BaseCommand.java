package dev.jcluster.launcher.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: its context and the command line's out and err. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    protected final Context ctx;

    BaseCommand(Context ctx) {
        this.ctx = ctx;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() throws Exception {
        int code = run();
        out().flush();
        err().flush();
        return code;
    }

    abstract int run() throws Exception;
}
