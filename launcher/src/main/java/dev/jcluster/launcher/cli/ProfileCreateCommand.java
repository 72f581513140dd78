package dev.jcluster.launcher.cli;

import dev.jcluster.backends.spi.Backends;
import dev.jcluster.launcher.profiles.ProfileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create", description = "Write a new profile to $JCLUSTER_HOME/profiles/NAME.yaml, from the backend's example.",
        footer = {"", "Examples:", "  jcluster profile create dash", "  jcluster profile create hpc --backend slurm",
                "  jcluster start --profile hpc -n 16      # once its queue and account are filled in"})
final class ProfileCreateCommand extends BaseCommand {
    @Parameters(paramLabel = "NAME", description = "The new profile's name.")
    String name;

    @Option(names = {"-b", "--backend"}, paramLabel = "BACKEND", defaultValue = "local",
            completionCandidates = BackendNames.class,
            description = {"Where the engines run (default: ${DEFAULT-VALUE}); one of ${COMPLETION-CANDIDATES}.",
                    "The new profile starts from the built-in profile of that name, comments included."})
    String backend;

    /** The backends on the class path, for --help and shell completion. */
    static final class BackendNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Backends.discover().names().iterator();
        }
    }

    @Option(names = "--force", description = "Replace an existing profile of that name.")
    boolean force;

    ProfileCreateCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new CliException(ExitCode.USAGE, "a profile name may hold letters, digits, '.', '_' and '-', got '"
                    + name + "'");
        }
        String text;
        try {
            text = ctx.profiles().template(backend);
        } catch (ProfileException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
        Path file = ctx.profiles().userDir().resolve(name + ".yaml");
        if (Files.exists(file) && !force) {
            throw new CliException(ExitCode.FAILURE, file + " exists; edit it, or pass --force to replace it");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        out().println("created " + file);
        out().println("edit it, then: jcluster profile validate " + file + " && jcluster start --profile " + name);
        return ExitCode.OK;
    }
}
