package dev.jcluster.launcher.cli;

import dev.jcluster.protocol.Version;
import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"jcluster " + Version.CURRENT + " (Java " + Runtime.version() + ")"};
    }
}
