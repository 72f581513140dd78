package dev.jcluster.backends.nodes;

import dev.jcluster.backends.local.LocalBackend;
import dev.jcluster.backends.spi.Backend;
import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.backends.spi.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Engines started as the N tasks of one local launcher process (mpiexec, srun): the launcher is
 * what is recorded, watched and signalled; it passes the signal on to its tasks. A controller
 * asked of such a backend runs as a plain local process.
 */
public abstract class LauncherBackend implements Backend {
    private final LocalBackend local = new LocalBackend();

    /** What starts the tasks; may fail when, say, no allocation is there to start them in. */
    protected abstract NodeLauncher launcher() throws BackendException;

    @Override
    public List<Launched> start(List<ProcessSpec> specs, Consumer<Launched> recorder) throws BackendException {
        List<Launched> out = new ArrayList<>();
        List<ProcessSpec> engines = new ArrayList<>();
        for (ProcessSpec s : specs) {
            if (s.role().equals("controller")) {
                Launched c = local.launch(s, name(), 1);
                recorder.accept(c);
                out.add(c);
            } else {
                engines.add(s);
            }
        }
        if (!engines.isEmpty()) {
            Launched l = local.launch(launcherSpec(engines), name(), engines.size());
            recorder.accept(l);
            out.add(l);
        }
        return out;
    }

    private ProcessSpec launcherSpec(List<ProcessSpec> engines) throws BackendException {
        ProcessSpec first = engines.get(0);
        Path logDir = first.logFile().toAbsolutePath().getParent();
        String range = first.index() + "-" + engines.get(engines.size() - 1).index();
        NodeLauncher launcher = launcher();
        List<String> command = launcher.commandLine(RankedEngines.command(first.command(), first.index(), logDir),
                engines.size());
        return new ProcessSpec("engines-" + range, command, first.workingDirectory(), first.environment(),
                logDir.resolve(name() + "-" + range + ".log"));
    }

    @Override
    public State state(Launched launched) {
        return local.state(launched);
    }

    @Override
    public void stop(Launched launched, Duration grace) throws BackendException {
        local.stop(launched, grace);
    }

    @Override
    public String describe(List<ProcessSpec> specs) {
        List<ProcessSpec> shown = new ArrayList<>();
        List<ProcessSpec> engines = specs.stream().filter(s -> !s.role().equals("controller")).toList();
        specs.stream().filter(s -> s.role().equals("controller")).forEach(shown::add);
        try {
            if (!engines.isEmpty()) {
                shown.add(launcherSpec(engines));
            }
        } catch (BackendException e) {
            return "# " + e.getMessage() + "\n";
        }
        return local.describe(shown);
    }
}
