package dev.jcluster.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in process: help, usage errors, profiles and their errors, scripts. */
class CliTest {
    @TempDir
    Path home;

    private CliRun run(String... args) {
        return CliRun.of(home, args);
    }

    private Path userProfile(String name, String yaml) throws Exception {
        Path file = home.resolve("profiles").resolve(name + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"start", "stop", "status", "list", "clean", "logs", "engines", "exec", "run", "script",
            "profile", "profile list", "profile show", "profile create", "profile validate"})
    void everyCommandHasHelpWithADescription(String command) {
        String[] args = (command + " --help").split(" ");
        CliRun r = run(args);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: jcluster " + command);
    }

    @Test
    void bareCommandPrintsUsageToStderrAndExitsTwo() {
        CliRun r = run();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Commands:").contains("Examples:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void everyVisibleCommandTeachesByExample() {
        java.util.List<String> without = new java.util.ArrayList<>();
        java.util.Deque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(
                CommandLineFactory.create(new java.io.PrintWriter(new java.io.StringWriter()),
                        new java.io.PrintWriter(new java.io.StringWriter()), java.util.Map.of(), Terminals.NONE)
                        .getSubcommands().values());
        while (!todo.isEmpty()) {
            picocli.CommandLine c = todo.pop();
            if (c.getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            if (!String.join("\n", c.getCommandSpec().usageMessage().footer()).contains("Examples:")) {
                without.add(c.getCommandSpec().qualifiedName());
            }
            todo.addAll(c.getSubcommands().values());
        }
        assertThat(without).as("commands whose --help has no examples").isEmpty();
    }

    @Test
    void versionNamesTheCommitAndCompletionScriptsComeFromTheCommands() {
        CliRun version = run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).containsPattern("jcluster \\S+ \\(commit [0-9a-f]{7,}(-dirty)?").contains("Java ");
        CliRun bash = run("completion", "bash");
        assertThat(bash.exitCode()).isZero();
        assertThat(bash.out()).contains("complete -F").contains("console").contains("--targets");
        assertThat(run("completion", "zsh").out()).startsWith("autoload -U +X compinit").contains("bashcompinit");
        assertThat(run("completion", "fish").exitCode()).isEqualTo(2);
    }

    @Test
    void unknownCommandSuggestsTheNearOne() {
        CliRun r = run("stat");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument").contains("status");
    }

    @Test
    void builtInProfilesAreListedAndShownWithDefaults() {
        CliRun list = run("profile", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("local").contains("built-in");
        CliRun show = run("profile", "show", "local");
        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).contains("backend: local").contains("missed-beats: 4").contains("period: 700ms")
                .contains("engine-reconnect: 1m");
    }

    @Test
    void userProfileOverridesBuiltInAndMergesOverDefaults() throws Exception {
        userProfile("local", "engines:\n  count: 7\n");
        CliRun list = run("profile", "list");
        assertThat(list.out()).contains("yours, overrides built-in");
        CliRun show = run("profile", "show", "local");
        assertThat(show.out()).contains("count: 7").contains("bind: 127.0.0.1");
    }

    @Test
    void bindAutoListensOnLoopbackOnlyWhenEverythingRunsHereAndTlsFollowsTheBind() throws Exception {
        userProfile("here", "engines:\n  backend: mpi\n");
        userProfile("far", "engines:\n  backend: slurm\n");
        userProfile("job", "controller:\n  backend: sge\n");
        userProfile("plain", "controller:\n  bind: 0.0.0.0\n  tls: false\nengines:\n  backend: slurm\n");
        userProfile("pinned", "controller:\n  bind: 127.0.0.1\n  tls: true\n");
        assertThat(run("profile", "show", "here").out()).contains("bind: 127.0.0.1").contains("tls: false");
        assertThat(run("profile", "show", "far").out()).contains("bind: 0.0.0.0").contains("tls: true");
        assertThat(run("profile", "show", "job").out()).as("a controller in a job serves clients elsewhere")
                .contains("bind: 0.0.0.0").contains("tls: true");
        assertThat(run("profile", "show", "plain").out()).as("what the profile says wins")
                .contains("bind: 0.0.0.0").contains("tls: false");
        assertThat(run("profile", "show", "pinned").out()).contains("bind: 127.0.0.1").contains("tls: true");
        for (String builtIn : List.of("slurm", "sge", "pbs", "lsf", "winhpc", "ssh", "allocation")) {
            assertThat(run("profile", "show", builtIn).out()).as(builtIn).contains("bind: 0.0.0.0").contains("tls: true");
        }
    }

    @Test
    void unknownKeyIsReportedWithFileLineAndASuggestion() throws Exception {
        Path f = userProfile("dash", "controller:\n  bind: 127.0.0.1\nengines:\n  cout: 4\n");
        CliRun r = run("profile", "validate", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":4: unknown key 'engines.cout'; did you mean 'count'?");
    }

    @Test
    void badValueIsReportedWithFileLineAndKey() throws Exception {
        Path f = userProfile("dash", "engines:\n  count: many\n");
        CliRun r = run("start", "--profile", "dash");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":2: bad value for 'engines.count'");
    }

    @Test
    void adaptBoundsAreCheckedWithTheirLine() throws Exception {
        Path f = userProfile("elastic", "adapt:\n  max: 2\n  min: 5\n");
        CliRun r = run("profile", "validate", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":3: adapt.min: must be between 0 and adapt.max (2), got 5");
        Path g = userProfile("elastic2", "adapt:\n  max: 4\n  backlog: 0\n");
        assertThat(run("profile", "validate", g.toString()).err()).contains(g + ":3: adapt.backlog: must be at least 1");
    }

    @Test
    void valueChecksNameTheLineOfTheKey() throws Exception {
        Path f = userProfile("dash", "description: x\nengines:\n  backend: slrum\n");
        CliRun r = run("profile", "validate", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":3: engines.backend: unknown backend 'slrum'").contains("did you mean 'slurm'?").contains("(known: allocation, htcondor, local, lsf, mpi, pbs, sge, slurm, ssh, winhpc)");

        Path g = userProfile("neg", "heartbeat:\n  period: 0s\n  missed-beats: 3\n");
        assertThat(run("profile", "validate", g.toString()).err()).contains(g + ":2: heartbeat.period: must be longer than zero");
        Path w = userProfile("window", "controller:\n  prefetch-window: 5s\n");
        assertThat(run("profile", "validate", w.toString()).err())
                .contains(w + ":2: controller.prefetch-window: must be between 0s (never send more than max-outstanding)"
                        + " and 1s, got 5s");
        assertThat(run("profile", "show", "local").out()).contains("prefetch-window: 2ms").contains("budget: 2000");
        Path b = userProfile("budget", "heartbeat:\n  budget: 5\n");
        assertThat(run("profile", "validate", b.toString()).err())
                .contains(b + ":2: heartbeat.budget: must be 0 (never slow the beats) or at least 10 frames a second,"
                        + " got 5");
        Path v = userProfile("maxvalue", "controller:\n  max-value: 2 gigs\n");
        assertThat(run("profile", "validate", v.toString()).err())
                .contains(v + ":2: controller.max-value: '2 gigs' is not a size");
        Path ok = userProfile("maxvalueok", "controller:\n  max-value: 2g\n");
        assertThat(run("script", "--profile", "maxvalueok").out()).contains("--max-value-bytes 2147483648");
    }

    @Test
    void valuesBoundForAJobScriptHoldNoLineBreakAndVariablesHaveNames() throws Exception {
        Path q = userProfile("newline", "batch:\n  queue: \"debug\\nrm -rf ~\"\n");
        assertThat(run("profile", "validate", q.toString()).err())
                .contains("batch.queue: 'debug\\nrm -rf ~' holds a line break");
        Path e = userProfile("envname", "engines:\n  environment:\n    \"A;B\": x\n");
        assertThat(run("profile", "validate", e.toString()).err())
                .contains("engines.environment: 'A;B' is not a variable name");
        Path v = userProfile("envvalue", "engines:\n  environment:\n    A: \"x\\ny\"\n");
        assertThat(run("profile", "validate", v.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void aControllerThatRestartsNeedsItsStoreAndRestoreNeedsADeadCluster() throws Exception {
        Path f = userProfile("nostore", "controller:\n  store: false\n");
        CliRun r = run("profile", "validate", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("controller.restart: a controller restarts from its store");
        CliRun nothing = run("start", "--restore");
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.err()).contains("nothing to restore").contains("holds no cluster that was started");
    }

    @Test
    void batchSshAndMpiValuesAreCheckedWithTheirLines() throws Exception {
        Path f = userProfile("b", "engines:\n  backend: slurm\nbatch:\n  placement: arrays\n");
        CliRun r = run("profile", "validate", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":4: batch.placement: 'arrays' is not a placement; did you mean 'array'?");
        Path g = userProfile("s", "ssh:\n  host-key-checking: no\n");
        assertThat(run("profile", "validate", g.toString()).err())
                .contains(g + ":2: ssh.host-key-checking: 'false' is neither strict")
                .contains("YAML reads an unquoted yes or no as a boolean");
        Path h = userProfile("p", "batch:\n  job-id-pattern: 'Job (\\d+'\n");
        assertThat(run("profile", "validate", h.toString()).err())
                .contains(h + ":2: batch.job-id-pattern: not a regular expression");
        Path k = userProfile("k", "ssh:\n  hosts: [{host: node1, engines: 0}]\n");
        assertThat(run("profile", "validate", k.toString()).err())
                .contains("ssh.hosts: node1: engines must be at least 1, got 0");
    }

    @Test
    void unknownProfileSuggestsAndListsProfiles() {
        CliRun r = run("start", "--profile", "locl");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no profile named 'locl'; did you mean 'local'?");
    }

    @Test
    void profileCreateWritesAValidProfile() {
        CliRun r = run("profile", "create", "dash", "--backend", "local");
        assertThat(r.exitCode()).isZero();
        Path file = home.resolve("profiles/dash.yaml");
        assertThat(file).exists();
        assertThat(run("profile", "validate", file.toString()).exitCode()).isZero();
        assertThat(run("profile", "create", "dash").exitCode()).as("no silent overwrite").isEqualTo(1);
        assertThat(run("profile", "create", "x", "--backend", "nope").err()).contains("unknown backend 'nope'");
    }

    @Test
    void scriptPrintsTheCommandsStartWouldRun() {
        CliRun r = run("script", "-n", "3");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("# controller").contains("dev.jcluster.controller.ControllerMain")
                .contains("# engine-2").contains("dev.jcluster.engine.EngineMain")
                .doesNotContain("# engine-3");
    }

    @Test
    void scriptTemplatePrintsTheBuiltInTemplateUnlessAFolderOverridesIt() throws Exception {
        CliRun builtIn = run("script", "--profile", "sge", "--template");
        assertThat(builtIn.exitCode()).isZero();
        assertThat(builtIn.out()).contains("#$ -t {{array}}").contains("{{launch}}");

        Path own = home.resolve("profiles/templates/sge.sh");
        Files.createDirectories(own.getParent());
        Files.writeString(own, "#!/bin/bash\n# site template\n{{launch}}\n");
        CliRun overridden = run("script", "--profile", "sge", "--template");
        assertThat(overridden.out()).isEqualTo("#!/bin/bash\n# site template\n{{launch}}\n");
        assertThat(run("script", "--profile", "sge", "-n", "2").out()).contains("# site template")
                .contains("JCLUSTER_ENGINE_ID=$(( 0 + SGE_TASK_ID - 1 ))");
    }

    @Test
    void scriptTemplateOfABackendWithoutJobScriptsIsAUsageError() {
        CliRun r = run("script", "--template");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("the local backend submits no job script").contains("slurm, sge, pbs, lsf, winhpc");
    }

    @Test
    void workCommandsWithoutAClusterSayHowToStartOne() {
        for (List<String> args : List.of(List.of("status"), List.of("exec", "1+1"), List.of("stop"),
                List.of("run", "--args", "1..3", "--", "echo"))) {
            CliRun r = run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(args.toString()).isEqualTo(1);
            assertThat(r.err()).as(args.toString()).contains("no running cluster").contains("jcluster start");
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("start", "-n", "0").exitCode()).isEqualTo(2);
        assertThat(run("start", "--no-wait").exitCode()).isEqualTo(2);
        assertThat(run("start", "--timeout", "soon").err()).contains("'soon' is not a duration");
        assertThat(run("run", "--", "echo").exitCode()).isEqualTo(2);
        assertThat(run("run", "--args", "5..1", "--", "echo").err()).contains("runs backwards");
    }

    @Test
    void listAndCleanOnAnEmptyHome() {
        assertThat(run("list").out()).contains("no clusters");
        assertThat(run("list", "--json").out().trim()).isEqualTo("[ ]");
        assertThat(run("clean").out()).contains("nothing to clean");
    }
}
