package dev.jcluster.launcher.cli;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.ExecuteResult;
import dev.jcluster.client.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "exec", description = "Run Java code in the engines' JShell sessions (state persists between calls).",
        footer = {"", "Examples:",
                "  jcluster exec 'Runtime.version()'",
                "  jcluster exec 'var data = new double[1000]; data.length'",
                "  jcluster exec --targets 0,2 'System.out.println(java.net.InetAddress.getLocalHost())'"})
final class ExecCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @Option(names = {"-t", "--targets"}, paramLabel = "IDS", split = ",",
            description = "Engine ids (default: every engine).")
    List<Integer> targets;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "Stop the code on an engine once it has run this long; code that ignores the interrupt"
                    + " restarts its engine, whose JShell state is then lost (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Parameters(paramLabel = "CODE", arity = "1..*", description = "Java statements or expressions.")
    List<String> code;

    private static final Duration RESULT_MARGIN = Duration.ofSeconds(60);

    ExecCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        Duration wait = StartCommand.parseDuration(timeout);
        try (Client client = Connect.to(ctx, which)) {
            List<Integer> ids = targets == null ? client.ids() : targets;
            if (ids.isEmpty()) {
                throw new CliException(ExitCode.FAILURE, "the cluster has no engines yet");
            }
            Map<Integer, AsyncResult<List<ExecuteResult>>> runs = new LinkedHashMap<>();
            for (int id : ids) {
                runs.put(id, client.direct(id).withTimeout(wait).executeAsync(String.join(" ", code)));
            }
            List<Integer> failed = new ArrayList<>();
            for (Map.Entry<Integer, AsyncResult<List<ExecuteResult>>> e : runs.entrySet()) {
                String tag = "[engine " + e.getKey() + "] ";
                try {
                    // the engine ends the code at the timeout; past that and a restart, something else is wrong
                    ExecuteResult r = e.getValue().get(wait.plus(RESULT_MARGIN)).get(0);
                    printLines(tag, r.stdout());
                    printLines(tag, r.stderr());
                    if (!r.value().isEmpty()) {
                        out().println(tag + "=> " + r.value());
                    }
                } catch (RemoteException re) {
                    failed.add(e.getKey());
                    if (re.metadata() != null) {
                        printLines(tag, re.metadata().stdout());
                    }
                    out().println(tag + "error: " + re.remoteClassName() + ": " + re.remoteMessage());
                } catch (TimeoutException te) {
                    failed.add(e.getKey());
                    out().println(tag + "no result within " + timeout + " and " + RESULT_MARGIN.toSeconds() + " s more");
                }
            }
            if (!failed.isEmpty()) {
                err().println("error: the code failed on engine(s) " + failed);
                return ExitCode.FAILURE;
            }
            return ExitCode.OK;
        }
    }

    private void printLines(String tag, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String line : text.split("\n")) {
            out().println(tag + line);
        }
    }
}
