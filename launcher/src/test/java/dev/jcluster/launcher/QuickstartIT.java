package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.backends.spi.Launched;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/quickstart, a user's own Maven project outside the reactor, built where a user would
 * keep it: it gets jcluster-client by its coordinates from the local repository (`mvn install`
 * put it there) and runs tasks on a cluster the jcluster command started.
 */
class QuickstartIT {
    @TempDir
    Path tmp;
    JclusterCommand jcluster;
    Path project;

    @BeforeEach
    void copyTheProject() throws Exception {
        Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(tmp.resolve("work"));
        jcluster = new JclusterCommand(tmp.resolve("home"), tmp.resolve("work"));
        Path source = JclusterCommand.REPO.resolve("examples/quickstart");
        project = tmp.resolve("quickstart");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !source.relativize(f).startsWith("target")).toList()) {
                Path to = project.resolve(source.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
    }

    @AfterEach
    void nothingLeftRunning() throws Exception {
        List<Launched> left = jcluster.killLeftovers();
        assertThat(left).as("processes a test left running").isEmpty();
    }

    private String mvn(String... goals) throws IOException, InterruptedException {
        Path log = tmp.resolve("mvn.log");
        List<String> cmd = new java.util.ArrayList<>(List.of("mvn", "-B", "-q", "-ntp"));
        cmd.addAll(Arrays.asList(goals));
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("mvn finished").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("mvn " + String.join(" ", goals) + " (needs `mvn install` of jcluster first):\n"
                + out).isZero();
        return out;
    }

    @Test
    void aProjectDependingOnJclusterClientAloneRunsTasksOnARunningCluster() throws Exception {
        mvn("dependency:build-classpath", "-Dmdep.outputFile=" + tmp.resolve("cp.txt"));
        List<String> jars = Arrays.stream(Files.readString(tmp.resolve("cp.txt")).split(":"))
                .map(j -> Path.of(j).getFileName().toString()).toList();
        assertThat(jars).anyMatch(j -> j.startsWith("jcluster-client-"));
        assertThat(jars).as("what jcluster-client brings into a user's project")
                .noneMatch(j -> j.startsWith("jcluster-server") || j.startsWith("logback")
                        || j.startsWith("h2-mvstore") || j.startsWith("picocli") || j.contains("epoll"));

        var start = jcluster.run("start", "-n", "2", "--daemonize");
        assertThat(start.exitCode()).as(start.err()).isZero();
        Path connection = jcluster.home().resolve("clusters/local-default/connection.properties");
        String out = mvn("compile", "exec:java", "-Dexec.args=" + connection);
        assertThat(out).contains("sum of the squares of 1..100, computed on 2 engines: 338350");
        assertThat(out.lines().filter(l -> l.contains("engine on ")).count()).as(out).isEqualTo(2);  // Maven may start a line with a colour reset

        var stop = jcluster.run("stop");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(jcluster.alive()).isEmpty();
    }
}
