package dev.jcluster.backends.mpi;

import dev.jcluster.backends.nodes.LauncherBackend;
import dev.jcluster.backends.nodes.NodeLauncher;
import dev.jcluster.backends.spi.MpiOptions;
import dev.jcluster.backends.spi.NamedProvider;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Engines as the ranks of one `mpiexec -n N`; engine id = first id + MPI rank. */
public final class MpiBackend extends LauncherBackend {
    /** Open MPI's and MPICH's options that send ranks to other hosts. */
    private static final Set<String> HOST_OPTIONS = Set.of("-H", "-host", "--host", "-hosts", "-hostfile", "--hostfile",
            "-machinefile", "--machinefile", "-f", "--default-hostfile");
    private final MpiOptions options;

    public MpiBackend(MpiOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "mpi";
    }

    /** Ranks run here unless its arguments name hosts (a host list or file), which may be anywhere. */
    @Override
    public Optional<List<String>> hosts() {
        boolean namesHosts = options.args().stream().anyMatch(a -> HOST_OPTIONS.contains(a.split("=", 2)[0]));
        return namesHosts ? Optional.empty() : Optional.of(List.of("localhost"));
    }

    @Override
    protected NodeLauncher launcher() {
        return NodeLauncher.mpiexec(options.launcher(), options.args());
    }

    /** Plug-in entry. */
    public static final class Provider extends NamedProvider {
        public Provider() {
            super("mpi", "engines as the ranks of one mpiexec (engine id = rank)", o -> new MpiBackend(o.mpi()));
        }

        /** Unless mpi.args name hosts: `start` checks that (MpiBackend.hosts). */
        @Override
        public boolean thisHostOnly() {
            return true;
        }
    }
}
