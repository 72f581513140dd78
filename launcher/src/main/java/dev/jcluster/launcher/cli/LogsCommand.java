package dev.jcluster.launcher.cli;

import dev.jcluster.backends.spi.Launched;
import dev.jcluster.client.Client;
import dev.jcluster.launcher.state.ClusterState;
import dev.jcluster.protocol.ConnectionInfo;
import dev.jcluster.protocol.EngineInfo;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "logs", description = "Print (or follow) the logs of a cluster's controller and engines.",
        footer = {"", "Examples:", "  jcluster logs --controller", "  jcluster logs --engine 3 -f",
                "  jcluster logs -f                 # everything, each line prefixed by its process"})
final class LogsCommand extends BaseCommand {
    @Mixin
    ClusterOptions which;

    @ArgGroup(exclusive = true)
    Source source;

    static final class Source {
        @Option(names = "--engine", paramLabel = "ID", description = "Only this engine's log.")
        Integer engine;

        @Option(names = "--controller", description = "Only the controller's log.")
        boolean controller;
    }

    @Option(names = {"-f", "--follow"}, description = "Keep printing what is appended, until Ctrl-C.")
    boolean follow;

    LogsCommand(Context ctx) {
        super(ctx);
    }

    @Override
    int run() throws Exception {
        ClusterState cluster = pick();
        Map<String, Path> logs = selectLogs(cluster);
        Map<Path, Long> offsets = new LinkedHashMap<>();
        boolean prefix = logs.size() > 1;
        for (Map.Entry<String, Path> e : logs.entrySet()) {
            offsets.put(e.getValue(), print(e.getKey(), e.getValue(), 0, prefix));
        }
        while (follow) {
            Thread.sleep(250);
            for (Map.Entry<String, Path> e : logs.entrySet()) {
                offsets.put(e.getValue(), print(e.getKey(), e.getValue(), offsets.get(e.getValue()), prefix));
            }
        }
        return ExitCode.OK;
    }

    private ClusterState pick() throws Exception {
        List<ClusterState> all = which.matching(ctx);
        if (all.size() == 1) {
            return all.get(0);
        }
        List<ClusterState> running = all.stream().filter(ClusterState::running).toList();
        if (running.size() == 1) {
            return running.get(0);
        }
        if (all.isEmpty()) {
            throw new CliException(ExitCode.FAILURE, "no cluster found; see `jcluster list`");
        }
        throw new CliException(ExitCode.USAGE, "several clusters match ("
                + String.join(", ", all.stream().map(s -> s.dir().name()).toList())
                + "); choose one with --profile and --cluster-id");
    }

    private Map<String, Path> selectLogs(ClusterState cluster) throws CliException {
        Map<String, Path> out = new LinkedHashMap<>();
        if (source != null && source.engine != null) {
            out.put("engine " + source.engine, engineLog(cluster, source.engine));
            return out;
        }
        for (Launched l : cluster.launched()) {
            if (source == null || l.role().equals("controller")) {
                out.put(l.role(), Path.of(l.logFile()));
            }
        }
        if (out.isEmpty()) {
            out.put("controller", cluster.dir().controllerLog());
        }
        return out;
    }

    /** The log of the process that registered as engine {@code id}, found by its pid (or its loop's); else by index. */
    private Path engineLog(ClusterState cluster, int id) throws CliException {
        if (cluster.running()) {
            try (Client c = Client.connect(ConnectionInfo.read(cluster.dir().connectionFile()))) {
                for (EngineInfo e : c.status().engines()) {
                    if (e.id() == id) {
                        // the launched process is the engine's JVM, or (local engines) the restart loop around it
                        String loop = ProcessHandle.of(e.pid()).flatMap(ProcessHandle::parent)
                                .map(p -> Long.toString(p.pid())).orElse("");
                        for (Launched l : cluster.launched()) {
                            if (l.id().equals(Long.toString(e.pid())) || l.id().equals(loop)) {
                                return Path.of(l.logFile());
                            }
                        }
                    }
                }
            } catch (IOException e) {
                err().println("warning: the controller did not answer; showing the log of engine process " + id);
            }
        }
        Path byIndex = cluster.dir().engineLog(id);
        if (!Files.exists(byIndex)) {
            List<String> known = new ArrayList<>();
            cluster.launched().stream().filter(l -> l.role().startsWith("engine")).forEach(l -> known.add(l.role()));
            throw new CliException(ExitCode.FAILURE, "no log for engine " + id + " (engine processes: " + known + ")");
        }
        return byIndex;
    }

    private long print(String name, Path file, long from, boolean prefix) throws IOException {
        if (!Files.exists(file)) {
            return from;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length < from) {
                from = 0; // truncated or replaced
            }
            if (length == from) {
                return from;
            }
            raf.seek(from);
            byte[] bytes = new byte[(int) Math.min(length - from, 16 << 20)];
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = follow ? text.lastIndexOf('\n') + 1 : text.length();
            String complete = text.substring(0, end);
            for (String line : complete.split("\n", -1)) {
                if (!line.isEmpty()) {
                    out().println(prefix ? "[" + name + "] " + line : line);
                }
            }
            out().flush();
            return from + complete.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
