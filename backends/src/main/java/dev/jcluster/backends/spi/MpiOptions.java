package dev.jcluster.backends.spi;

import java.util.List;

/**
 * How MPI starts engines: the launcher command ("mpiexec", "mpirun.openmpi", "mpiexec.mpich")
 * and extra arguments placed before the engine command (e.g. --oversubscribe, a host file).
 */
public record MpiOptions(String launcher, List<String> args) {
    public static final MpiOptions DEFAULTS = new MpiOptions("mpiexec", List.of());

    public MpiOptions {
        args = List.copyOf(args);
    }
}
