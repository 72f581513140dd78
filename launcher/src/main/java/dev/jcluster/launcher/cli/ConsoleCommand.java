package dev.jcluster.launcher.cli;

import dev.jcluster.client.Client;
import java.io.IOException;
import java.time.Duration;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "console", description = {"An interactive Java prompt on the engines: each snippet runs in every"
        + " target engine's JShell session and each engine's output comes back under its id (ipyparallel's %%px).",
        "One connection for the whole session; line editing, history (~/.jcluster/console_history) and completion;"
        + " a snippet with an open brace or parenthesis continues on the next line."},
        footer = {"", "Commands inside the console:",
                "  /targets 0,2     run snippets on engines 0 and 2 (/targets all: every engine)",
                "  /timeout 30s     stop a snippet that runs longer (default: --timeout)",
                "  /engines         the engines and what they run",
                "  /help, /exit     (Ctrl-C stops a running snippet; Ctrl-D leaves)",
                "", "Examples:",
                "  jcluster console",
                "  jcluster console --targets 0,1 --timeout 1m",
                "  echo 'Runtime.version()' | jcluster console      # snippets from a pipe, one per line"})
final class ConsoleCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @Mixin
    SnippetOptions snippets;

    ConsoleCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        Duration limit = snippets.timeout();
        try (Client client = Connect.to(ctx, which); Terminal terminal = terminal()) {
            DefaultParser parser = new DefaultParser();
            // an unclosed brace, parenthesis or string asks for another line instead of sending half a snippet
            parser.setEofOnUnclosedBracket(DefaultParser.Bracket.CURLY, DefaultParser.Bracket.ROUND,
                    DefaultParser.Bracket.SQUARE);
            parser.setEofOnUnclosedQuote(true);
            parser.setEscapeChars(new char[0]);
            ConsoleNames names = new ConsoleNames();
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("jcluster").parser(parser)
                    .completer(names).variable(LineReader.HISTORY_FILE, ctx.home().root().resolve("console_history"))
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P   ...> ")
                    .build();
            Console console = new Console(client, reader, new SnippetRunner(client, out()), names, out(), limit);
            return console.run(snippets.targets);
        }
    }

    private static Terminal terminal() throws IOException {
        // piped input gets a plain terminal without the warning JLine prints when it has to fall back to one
        return TerminalBuilder.builder().name("jcluster console").system(true).dumb(true).build();
    }
}
