package dev.jcluster.engine;

import java.util.List;
import java.util.Map;

/** An engine's id from its environment: explicit first, then the rank an MPI launcher or srun gives it. */
final class EngineIdentity {
    /** In order of preference; the first one set wins. */
    static final List<String> VARIABLES = List.of("JCLUSTER_ENGINE_ID", "OMPI_COMM_WORLD_RANK", "PMI_RANK",
            "PMIX_RANK", "SLURM_PROCID");

    private EngineIdentity() {
    }

    /** The id, or -1 when none of the variables is set. */
    static int fromEnvironment(Map<String, String> env) {
        for (String name : VARIABLES) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                try {
                    return Integer.parseInt(value.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + "='" + value + "' is not an engine id");
                }
            }
        }
        return -1;
    }
}
