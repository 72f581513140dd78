package dev.jcluster.launcher.cli;

import dev.jcluster.launcher.profiles.Profile;
import dev.jcluster.launcher.profiles.ProfileLoader;
import picocli.CommandLine.Option;

/** What a new cluster is: its profile, its engine count and its id (start and script share them). */
final class LaunchOptions {
    @Option(names = {"-p", "--profile"}, paramLabel = "NAME", defaultValue = ProfileLoader.DEFAULT_PROFILE,
            description = "Profile (default: ${DEFAULT-VALUE}); see `jcluster profile list`.")
    String profileName;

    @Option(names = {"-n", "--engines"}, paramLabel = "N", description = "Engines (default: the profile's engines.count, or adapt.min when the profile adapts).")
    Integer engines;

    @Option(names = {"-c", "--cluster-id"}, paramLabel = "ID", defaultValue = "default",
            description = "Names the cluster, so that several can run with one profile (default: ${DEFAULT-VALUE}).")
    String clusterId;

    Profile profile(Context ctx) throws CliException {
        if (!clusterId.matches("[A-Za-z0-9_.-]+")) {
            throw new CliException(ExitCode.USAGE, "--cluster-id may hold letters, digits, '.', '_' and '-', got '"
                    + clusterId + "'");
        }
        return ProfileCommand.load(ctx, profileName);
    }

    int engineCount(Profile profile) throws CliException {
        int n = engines != null ? engines
                : profile.adapt().enabled() ? Math.max(1, profile.adapt().min()) : profile.engines().count();
        if (n < 1) {
            throw new CliException(ExitCode.USAGE, "-n must be at least 1, got " + n);
        }
        return n;
    }
}
