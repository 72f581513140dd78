package dev.jcluster.backends.local;

import dev.jcluster.backends.spi.Backend;
import dev.jcluster.backends.spi.BackendException;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessIdentity;
import dev.jcluster.backends.spi.ProcessSpec;
import dev.jcluster.backends.spi.Quoting;
import dev.jcluster.backends.spi.State;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Child processes on this machine, each in its own session (setsid) so that a Ctrl-C meant for
 * the launcher reaches the cluster through its orderly shutdown, not as a signal to every JVM.
 */
public final class LocalBackend implements Backend {
    private static final String SETSID = "/usr/bin/setsid";

    /** Processes of this host. */
    @Override
    public Optional<List<String>> hosts() {
        return Optional.of(List.of("localhost"));
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public List<Launched> start(List<ProcessSpec> specs, Consumer<Launched> recorder) throws BackendException {
        List<Launched> out = new ArrayList<>();
        for (ProcessSpec spec : specs) {
            Launched launched = launch(spec, name(), 1);
            recorder.accept(launched);
            out.add(launched);
        }
        return out;
    }

    /**
     * Starts one process and says what it is: {@code backendName} and {@code processes} let a
     * launcher process (mpiexec, srun) that starts N engines be recorded as what it is.
     */
    public Launched launch(ProcessSpec spec, String backendName, int processes) throws BackendException {
        List<String> command = new ArrayList<>();
        if (new File(SETSID).canExecute()) {
            command.add(SETSID);
        }
        command.addAll(spec.command());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
        if (spec.workingDirectory() != null) {
            pb.directory(spec.workingDirectory().toFile());
        }
        pb.environment().putAll(spec.environment());
        try {
            Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
            Process p = pb.start();
            return new Launched(spec.role(), backendName, Long.toString(p.pid()),
                    ProcessIdentity.startMillis(p.toHandle()), "localhost", spec.logFile().toString(), processes);
        } catch (IOException e) {
            throw new BackendException("cannot start " + spec.role() + " (" + spec.command().get(0) + "): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public State state(Launched launched) {
        return ProcessIdentity.find(launched.pid(), launched.startedAtMillis()).isPresent()
                ? State.RUNNING : State.MISSING;
    }

    @Override
    public void stop(Launched launched, Duration grace) throws BackendException {
        Optional<ProcessHandle> handle = ProcessIdentity.find(launched.pid(), launched.startedAtMillis());
        if (handle.isEmpty()) {
            return;
        }
        ProcessHandle h = handle.get();
        // what it started dies with it (an engine's JVM inside its restart loop), even past a SIGKILL
        List<ProcessHandle> children = h.descendants().toList();
        h.destroy();
        if (ProcessIdentity.awaitGone(h, grace)) {
            return;
        }
        children.forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
        if (!ProcessIdentity.awaitGone(h, Duration.ofSeconds(10))) {
            throw new BackendException(launched.role() + " (pid " + launched.pid() + ") survived SIGKILL for 10 s");
        }
    }

    @Override
    public String describe(List<ProcessSpec> specs) {
        StringBuilder sb = new StringBuilder();
        for (ProcessSpec spec : specs) {
            sb.append("# ").append(spec.role()).append(" (local process, output to ").append(spec.logFile())
                    .append(")\n");
            spec.environment().forEach((k, v) -> sb.append(k).append('=').append(Quoting.shell(v)).append(" \\\n  "));
            if (spec.workingDirectory() != null) {
                sb.append("cd ").append(Quoting.shell(spec.workingDirectory().toString())).append(" && ");
            }
            sb.append(String.join(" ", spec.command().stream().map(Quoting::shell).toList())).append("\n");
        }
        return sb.toString();
    }
}
