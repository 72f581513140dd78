package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "exec", description = "Run Java code in the engines' JShell sessions (state persists between calls).",
        footer = {"", "Examples:",
                "  jcluster exec 'Runtime.version()'",
                "  jcluster exec 'var data = new double[1000]; data.length'",
                "  jcluster exec --targets 0,2 'System.out.println(java.net.InetAddress.getLocalHost())'"})
final class ExecCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @Mixin
    SnippetOptions snippets;

    @Parameters(paramLabel = "CODE", arity = "1..*", description = "Java statements or expressions.")
    List<String> code;

    ExecCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        Duration wait = snippets.timeout();
        try (Client client = Connect.to(ctx, which)) {
            List<Integer> ids = snippets.targets == null ? client.ids() : snippets.targets;
            if (ids.isEmpty()) {
                throw new CliException(ExitCode.FAILURE, "the cluster has no engines yet");
            }
            List<Integer> failed = new SnippetRunner(client, out()).run(String.join(" ", code), ids, wait);
            if (!failed.isEmpty()) {
                err().println("error: the code failed on engine(s) " + failed);
                return ExitCode.FAILURE;
            }
            return ExitCode.OK;
        }
    }
}
