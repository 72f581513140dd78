package dev.jcluster.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How long a warm `jcluster console` takes to answer a snippet on 2 local engines, against
 * `jcluster exec` (a JVM per command), through the installed command: a cluster from `jcluster
 * start`, the console as its own process fed by a pipe. Prints a table and appends it to
 * bench/RESULTS.md.   java ... ConsoleBench JCLUSTER_SCRIPT [SNIPPETS]
 */
public final class ConsoleBench {
    private static final int WARM_UP = 20;
    private static final long ANSWER_TIMEOUT_MS = 30_000;

    private ConsoleBench() {
    }

    public static void main(String[] args) throws Exception {
        Path script = Path.of(args[0]).toAbsolutePath();
        int snippets = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path home = Files.createTempDirectory("jcluster-console-bench");
        try {
            run(script, home, List.of("start", "-n", "2", "--daemonize"));
            List<Double> console = console(script, home, snippets);
            List<Double> exec = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                run(script, home, List.of("exec", "x + 1"));
                exec.add((System.nanoTime() - t0) / 1e6);
            }
            String table = String.format(Locale.ROOT, "%n## Console: a warm snippet on 2 local engines (%s)%n%n"
                            + "| | median | p90 | max |%n|---|---|---|---|%n"
                            + "| `jcluster console`, %d snippets after %d warm-up | %.1f ms | %.1f ms | %.1f ms |%n"
                            + "| `jcluster exec`, a JVM per snippet, 5 runs | %.0f ms | %.0f ms | %.0f ms |%n",
                    java.time.LocalDate.now(), snippets, WARM_UP, pct(console, 50), pct(console, 90), pct(console, 100),
                    pct(exec, 50), pct(exec, 90), pct(exec, 100));
            System.out.print(table);
            ResultsFile.replaceSection("## Console", table);
        } finally {
            run(script, home, List.of("stop"));
        }
    }

    /** Milliseconds from writing each snippet to reading the answer of both engines. */
    private static List<Double> console(Path script, Path home, int snippets) throws Exception {
        Process p = process(script, home, List.of("console")).start();
        List<Double> times = new ArrayList<>();
        try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            send(in, "int x = 41;");
            awaitAnswers(out, p);
            for (int i = 0; i < WARM_UP + snippets; i++) {
                long t0 = System.nanoTime();
                send(in, "x + " + i);
                awaitAnswers(out, p);
                if (i >= WARM_UP) {
                    times.add((System.nanoTime() - t0) / 1e6);
                }
            }
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        return times;
    }

    private static void send(Writer in, String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    /** Reads until engines 0 and 1 have both answered. */
    private static void awaitAnswers(BufferedReader out, Process p) throws IOException {
        long deadline = System.currentTimeMillis() + ANSWER_TIMEOUT_MS;
        boolean zero = false;
        boolean one = false;
        while (!(zero && one)) {
            String line = out.readLine();
            if (line == null || System.currentTimeMillis() > deadline) {
                throw new IOException("the console stopped answering (alive: " + p.isAlive() + ")");
            }
            zero |= line.startsWith("[engine 0] => ");
            one |= line.startsWith("[engine 1] => ");
        }
    }

    private static void run(Path script, Path home, List<String> args) throws Exception {
        Process p = process(script, home, args).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcluster " + String.join(" ", args) + " failed");
        }
    }

    private static ProcessBuilder process(Path script, Path home, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("JCLUSTER_HOME", home.toString());
        return pb;
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i));
    }
}
