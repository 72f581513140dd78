package dev.jcluster.launcher;

import dev.jcluster.internal.NettyDefaults;
import dev.jcluster.launcher.cli.CommandLineFactory;
import dev.jcluster.launcher.cli.Terminals;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The jcluster command. The only System.exit of the launcher is here. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        NettyDefaults.apply();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = CommandLineFactory.create(out, err, System.getenv(), Terminals.detect(System.getenv())).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
