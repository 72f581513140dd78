package dev.jcluster.launcher.cli;

import dev.jcluster.client.AsyncResult;
import dev.jcluster.client.Client;
import dev.jcluster.client.ExecuteResult;
import dev.jcluster.client.RemoteException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * Runs Java code in engines' JShell sessions and prints what each engine printed and returned,
 * each line tagged with its engine ({@code [engine 0] => 42}), in engine order: for `exec` and
 * the console.
 */
final class SnippetRunner {
    /** Past the task's own timeout and an engine's restart, something else is wrong. */
    private static final Duration RESULT_MARGIN = Duration.ofSeconds(60);

    private final Client client;
    private final PrintWriter out;
    private volatile List<AsyncResult<?>> running = List.of();

    SnippetRunner(Client client, PrintWriter out) {
        this.client = client;
        this.out = out;
    }

    /** Runs {@code code} on {@code targets}, each stopped after {@code timeout}; returns the engines it failed on. */
    List<Integer> run(String code, List<Integer> targets, Duration timeout) throws IOException {
        Map<Integer, AsyncResult<List<ExecuteResult>>> runs = new LinkedHashMap<>();
        for (int id : targets) {
            runs.put(id, client.direct(id).withTimeout(timeout).executeAsync(code));
        }
        running = List.copyOf(runs.values());
        List<Integer> failed = new ArrayList<>();
        try {
            for (Map.Entry<Integer, AsyncResult<List<ExecuteResult>>> e : runs.entrySet()) {
                if (!print("[engine " + e.getKey() + "] ", e.getValue(), timeout)) {
                    failed.add(e.getKey());
                }
                out.flush();
            }
        } finally {
            running = List.of();
        }
        return failed;
    }

    /** Stops the code running now, on every engine (Ctrl-C in the console). */
    void cancel() {
        running.forEach(AsyncResult::cancel);
    }

    private boolean print(String tag, AsyncResult<List<ExecuteResult>> run, Duration timeout) throws IOException {
        try {
            ExecuteResult r = run.get(timeout.plus(RESULT_MARGIN)).get(0);
            printLines(tag, r.stdout());
            printLines(tag, r.stderr());
            if (!r.value().isEmpty()) {
                out.println(tag + "=> " + r.value());
            }
            return true;
        } catch (RemoteException re) {
            if (re.metadata() != null) {
                printLines(tag, re.metadata().stdout());
                printLines(tag, re.metadata().stderr());
            }
            out.println(tag + "error: " + (CancellationException.class.getName().equals(re.remoteClassName())
                    ? "interrupted" : re.remoteClassName() + ": " + re.remoteMessage()));
            return false;
        } catch (CancellationException ce) {
            out.println(tag + "interrupted");
            return false;
        } catch (TimeoutException te) {
            out.println(tag + "no result within " + timeout.toSeconds() + " s and " + RESULT_MARGIN.toSeconds()
                    + " s more");
            return false;
        }
    }

    private void printLines(String tag, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String line : text.split("\n")) {
            out.println(tag + line);
        }
    }
}
