package dev.jcluster.launcher.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion", description = "Print a shell completion script for jcluster (its commands, options"
        + " and option values), made by picocli from the commands themselves.",
        footer = {"", "Examples:",
                "  source <(jcluster completion bash)                         # this shell",
                "  jcluster completion bash > ~/.local/share/bash-completion/completions/jcluster",
                "  jcluster completion zsh > \"${fpath[1]}/_jcluster\"          # zsh, through bashcompinit"})
final class CompletionCommand extends BaseCommand {
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    CompletionCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() {
        if (shell == Shell.zsh) {
            // picocli's script is bash's; zsh runs it through its bash completion emulation
            out().println("autoload -U +X compinit && compinit");
            out().println("autoload -U +X bashcompinit && bashcompinit");
        }
        out().print(AutoComplete.bash("jcluster", spec.root().commandLine()));
        return ExitCode.OK;
    }
}
