package dev.jcluster.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jcluster.backends.spi.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the stand-in schedulers (src/test/standins) ran: their job records in {@code $STANDIN_STATE}. */
final class StandInJobs {
    static final Path STANDINS = JclusterCommand.REPO.resolve("launcher/src/test/standins");

    private StandInJobs() {
    }

    /** Puts the stand-in commands of {@code standIn} first on the PATH, keeping their jobs under {@code state}. */
    static JclusterCommand use(JclusterCommand jcluster, String standIn, Path state) {
        jcluster.withPathFirst(STANDINS.resolve(standIn));
        jcluster.env().put("STANDIN_STATE", state.toString());
        return jcluster;
    }

    /** Processes of stand-in jobs still alive, named "job-N.json pid P". */
    static List<String> stillRunning(Path state) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(state)) {
            return out;
        }
        try (Stream<Path> jobs = Files.list(state)) {
            for (Path job : jobs.filter(p -> p.getFileName().toString().matches("job-\\d+\\.json")).toList()) {
                JsonNode doc = new ObjectMapper().readTree(job.toFile());
                for (JsonNode pid : doc.get("pids")) {
                    if (ProcessHandle.of(pid.asLong()).filter(ProcessIdentity::alive).isPresent()) {
                        out.add(job.getFileName() + " pid " + pid.asLong());
                    }
                }
            }
        }
        return out;
    }
}
