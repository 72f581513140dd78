package dev.jcluster.launcher.cli;

import dev.jcluster.protocol.Version;
import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"jcluster " + Version.CURRENT + " (commit " + Version.COMMIT
                + (Version.COMMIT_DATE.isEmpty() ? "" : ", " + Version.COMMIT_DATE) + ")",
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ", "
                        + System.getProperty("java.home", "?") + ")"};
    }
}
