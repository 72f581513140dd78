package dev.jcluster.backends.nodes;

import dev.jcluster.backends.spi.Quoting;
import java.nio.file.Path;
import java.util.List;

/**
 * The engine command as one task of many: it takes the engine id {@code first} + its rank, from
 * whichever launcher started it (Open MPI, MPICH/hydra, srun), and logs to engine-ID.log, so
 * ids and logs do not depend on how the engines were started.
 */
public final class RankedEngines {
    /** The task's rank, as Open MPI, MPICH/hydra or srun tell it. */
    public static final String RANK = "${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-${SLURM_PROCID:-0}}}";

    private RankedEngines() {
    }

    /** The inner shell text: sets the id and replaces itself with the engine. */
    public static String script(List<String> engineCommand, int first, Path logDir) {
        return "export JCLUSTER_ENGINE_ID=$(( " + first + " + " + RANK + " )); exec "
                + String.join(" ", engineCommand.stream().map(Quoting::shell).toList()) + " >> "
                + Quoting.shell(logDir.toString()) + "/engine-${JCLUSTER_ENGINE_ID}.log 2>&1";
    }

    /** The same as a command line for a launcher to run once per task. */
    public static List<String> command(List<String> engineCommand, int first, Path logDir) {
        return List.of("/bin/bash", "-c", script(engineCommand, first, logDir));
    }
}
