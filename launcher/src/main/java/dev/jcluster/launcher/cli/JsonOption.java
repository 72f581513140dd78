package dev.jcluster.launcher.cli;

import picocli.CommandLine.Option;

/** `--json` on the commands whose output scripts read. */
final class JsonOption {
    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean enabled;
}
