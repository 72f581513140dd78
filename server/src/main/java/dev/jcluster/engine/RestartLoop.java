package dev.jcluster.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The POSIX shell loop every launched engine runs in: it runs the engine's command and runs it
 * again, under the same id, when the engine exits with {@link #EXIT_RESTART} (it did so to stop a
 * task that ignored its timeout or cancel). The loop forwards SIGTERM, SIGINT and SIGHUP to the
 * engine and ends with its exit status; the engine, in turn, exits when the loop is gone.
 */
public final class RestartLoop {
    /** The engine's exit status asking its loop for a restart (EX_TEMPFAIL). */
    public static final int EXIT_RESTART = 75;

    private static final String SCRIPT = String.join("\n",
            "f=$(mktemp \"${TMPDIR:-/tmp}/jcluster-engine.XXXXXX\") || exit 1",
            "pid=",
            "trap 'rm -f \"$f\"' EXIT",
            "trap '[ -n \"$pid\" ] && kill -TERM \"$pid\" 2>/dev/null' TERM INT HUP",
            "while :; do",
            "  \"$@\" --restart-file \"$f\" &",
            "  pid=$!",
            "  wait \"$pid\"; rc=$?",
            // a trapped signal ends the wait early: wait again for the engine's own status
            "  while kill -0 \"$pid\" 2>/dev/null; do wait \"$pid\"; rc=$?; done",
            "  [ \"$rc\" -eq " + EXIT_RESTART + " ] || exit \"$rc\"",
            "done");

    private RestartLoop() {
    }

    /** {@code engineCommand} (a java command running {@code EngineMain}) inside the loop. */
    public static List<String> around(List<String> engineCommand) {
        List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "jcluster-engine"));
        out.addAll(engineCommand);
        return out;
    }
}
