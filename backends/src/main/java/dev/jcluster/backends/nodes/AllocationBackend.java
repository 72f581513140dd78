package dev.jcluster.backends.nodes;

import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.MpiOptions;
import dev.jcluster.backends.spi.NamedProvider;
import java.util.Map;

/** Engines on the slots of the batch job `jcluster start` runs in: srun in Slurm, mpiexec in PBS and Grid Engine. */
public final class AllocationBackend extends LauncherBackend {
    private final MpiOptions mpi;
    private final Map<String, String> env;

    public AllocationBackend(MpiOptions mpi, Map<String, String> env) {
        this.mpi = mpi;
        this.env = Map.copyOf(env);
    }

    @Override
    public String name() {
        return "allocation";
    }

    @Override
    protected NodeLauncher launcher() throws BackendException {
        return Allocation.detect(env).map(a -> a.launcher(mpi)).orElseThrow(() -> new BackendException(
                "not inside a batch job: none of SLURM_JOB_NODELIST, PBS_NODEFILE, PE_HOSTFILE is set; run "
                        + "`jcluster start` from a job script (scripts/jobs/), or use a batch backend to submit jobs"));
    }

    /** Plug-in entry. */
    public static final class Provider extends NamedProvider {
        public Provider() {
            super("allocation", "engines on the nodes of the batch job jcluster runs in (srun or mpiexec)",
                    o -> new AllocationBackend(o.mpi(), System.getenv()));
        }
    }
}
