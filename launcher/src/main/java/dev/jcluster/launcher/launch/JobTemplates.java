package dev.jcluster.launcher.launch;

import dev.jcluster.backends.spi.BackendOptions;
import dev.jcluster.backends.spi.JobOptions;
import dev.jcluster.backends.spi.MpiOptions;
import dev.jcluster.backends.spi.SshOptions;
import dev.jcluster.launcher.profiles.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A profile's batch section as the backends take it, with its job script template found: the
 * profile's own `batch.template` (relative to the profile's folder), else a template named after
 * the backend in the user's templates folder or the installation's profiles/templates/; with none
 * of these the scheduler renders the template its backends jar ships.
 */
public final class JobTemplates {
    private final List<Path> folders;

    /** {@code folders} in the order they are searched: the user's first, the installation's last. */
    public JobTemplates(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    /** Everything backends take from the profile: its batch section (with the template read) and its mpi section. */
    public BackendOptions options(Profile profile, String backend) throws LaunchException {
        return new BackendOptions(jobOptions(profile, backend), new MpiOptions(profile.mpi().launcher(),
                profile.mpi().args()), sshOptions(profile.ssh()));
    }

    static SshOptions sshOptions(Profile.Ssh s) {
        return new SshOptions(s.hosts().stream().map(h -> new SshOptions.SshHost(h.host(), h.engines(), h.port(),
                h.user())).toList(), s.user(), s.port(), s.identityFile(), s.knownHosts(), s.hostKeyChecking(),
                s.stage(), s.tunnel(), s.java(), s.remoteDir(), s.configFile());
    }

    JobOptions jobOptions(Profile profile, String backend) throws LaunchException {
        Profile.Batch b = profile.batch();
        Optional<Path> template = find(profile, backend);
        String text = "";
        if (template.isPresent()) {
            try {
                text = Files.readString(template.get());
            } catch (IOException e) {
                throw new LaunchException("cannot read the job script template " + template.get() + ": "
                        + e.getMessage(), e);
            }
        } else if (!b.template().isBlank()) {
            throw new LaunchException(profile.source() + ": batch.template: no file " + b.template());
        }
        return new JobOptions(b.queue(), b.walltime(), b.walltimeMargin(), b.account(), b.memoryGib(),
                b.cpusPerEngine(), b.nodes(),
                b.resources(), b.jobName(), JobOptions.Placement.valueOf(b.placement().toUpperCase(Locale.ROOT)
                .replace('-', '_')), b.extraDirectives(), b.prologue(), text,
                template.map(Path::toString).orElse(""), b.jobIdPattern(), b.parallelEnvironment(), b.taskLauncher());
    }

    private Optional<Path> find(Profile profile, String backend) throws LaunchException {
        String own = profile.batch().template();
        if (!own.isBlank()) {
            Path p = Path.of(own);
            if (!p.isAbsolute() && profile.source() != null) {
                Path parent = Path.of(profile.source()).toAbsolutePath().getParent();
                p = parent == null ? p : parent.resolve(p);
            }
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> s = Files.list(folder)) {
                Optional<Path> hit = s.filter(f -> f.getFileName().toString().startsWith(backend + "."))
                        .filter(f -> !f.getFileName().toString().endsWith(".md")).sorted().findFirst();
                if (hit.isPresent()) {
                    return hit;
                }
            } catch (IOException e) {
                throw new LaunchException("cannot list " + folder + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }
}
