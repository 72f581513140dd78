package dev.jcluster.backends.mpi;

import dev.jcluster.backends.nodes.LauncherBackend;
import dev.jcluster.backends.nodes.NodeLauncher;
import dev.jcluster.backends.spi.MpiOptions;
import dev.jcluster.backends.spi.NamedProvider;

/** Engines as the ranks of one `mpiexec -n N`; engine id = first id + MPI rank. */
public final class MpiBackend extends LauncherBackend {
    private final MpiOptions options;

    public MpiBackend(MpiOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "mpi";
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
    }
}
