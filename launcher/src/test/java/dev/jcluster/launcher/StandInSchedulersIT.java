package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jcluster.backends.spi.Launched;
import dev.jcluster.backends.spi.ProcessIdentity;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * LSF, PBS Pro and Windows HPC, which cannot run here, through stand-in commands that print what
 * the real ones print (src/test/standins) and really run the submitted jobs' processes.
 */
class StandInSchedulersIT {
    static final Path STANDINS = JclusterCommand.REPO.resolve("launcher/src/test/standins");

    @TempDir
    Path tmp;
    JclusterCommand jcluster;

    void setUp(String standIn) throws Exception {
        Files.createDirectories(tmp.resolve("home/profiles"));
        Files.createDirectories(tmp.resolve("work"));
        jcluster = new JclusterCommand(tmp.resolve("home"), tmp.resolve("work"))
                .withPathFirst(STANDINS.resolve(standIn));
        jcluster.env().put("STANDIN_STATE", tmp.resolve("scheduler").toString());
    }

    @AfterEach
    void nothingLeftRunning() throws Exception {
        if (jcluster == null) {
            return;
        }
        assertThat(jcluster.killLeftovers()).as("local processes left running").isEmpty();
        if (!Files.isDirectory(tmp.resolve("scheduler"))) {
            return;
        }
        try (var jobs = Files.list(tmp.resolve("scheduler"))) {
            for (Path job : jobs.filter(p -> p.getFileName().toString().matches("job-\\d+\\.json")).toList()) {
                JsonNode doc = new ObjectMapper().readTree(job.toFile());
                for (JsonNode pid : doc.get("pids")) {
                    assertThat(ProcessHandle.of(pid.asLong()).filter(ProcessIdentity::alive))
                            .as("process of stand-in job " + job.getFileName()).isEmpty();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lsf,    lsf,    System.getenv(\"LSB_JOBINDEX\"),     1 2 3",
        "pbs,    pbspro, System.getenv(\"PBS_ARRAY_INDEX\"),  0 1 2",
        "winhpc, winhpc, System.getenv(\"CCP_TASKID\"),       1 2 3"})
    void threeEnginesStartRegisterRunAndStop(String backend, String standIn, String expression, String values)
            throws Exception {
        setUp(standIn);
        Files.writeString(jcluster.home().resolve("profiles/s.yaml"), "engines:\n  backend: " + backend
                + "\nbatch:\n  walltime: 30m\n");

        var start = jcluster.run("start", "--profile", "s", "-n", "3", "-d");
        assertThat(start.exitCode()).as(start.err()).isZero();
        Launched job = jcluster.launched().stream().filter(l -> l.backend().equals(backend)).findFirst()
                .orElseThrow();
        assertThat(job.processCount()).isEqualTo(3);
        if (backend.equals("pbs")) {
            assertThat(job.id()).as("PBS Pro ids keep their array brackets and server").isEqualTo("1[].pbsserver");
        } else {
            assertThat(job.id()).isEqualTo("1");
        }

        var exec = jcluster.run("exec", "--profile", "s", expression);
        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(exec.out().lines().map(l -> l.replaceAll(".*=> \"(.*)\"", "$1")).sorted().toList())
                .containsExactly(values.split(" "));

        var status = jcluster.run("status", "--profile", "s", "--json");
        JsonNode doc = new ObjectMapper().readTree(status.out());
        assertThat(doc.get("engines")).hasSize(3);
        assertThat(doc.get("launched").findValuesAsText("state")).containsOnly("RUNNING");

        var stop = jcluster.run("stop", "--profile", "s");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        var list = jcluster.run("list");
        assertThat(list.out()).contains("s-default").contains("stopped");
    }

    @Test
    void lsfRefusesAnUnknownQueueWithItsOwnMessage() throws Exception {
        setUp("lsf");
        Files.writeString(jcluster.home().resolve("profiles/q.yaml"), "engines:\n  backend: lsf\nbatch:\n  queue: gpu\n");
        var start = jcluster.run("start", "--profile", "q", "-n", "2", "-d");
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.err()).contains("lsf refused the engines-0-1 job").contains("gpu: No such queue");
        assertThat(jcluster.alive()).isEmpty();
    }

    @Test
    void theWindowsHpcJobIsWellFormedXmlWithOneTaskPerEngine() throws Exception {
        setUp("winhpc");
        var script = jcluster.run("script", "--profile", "winhpc", "-n", "4");
        assertThat(script.exitCode()).as(script.err()).isZero();
        String text = script.out();
        String xml = text.substring(text.indexOf("<?xml"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes()));
        Element job = d.getDocumentElement();
        assertThat(job.getLocalName()).isEqualTo("Job");
        assertThat(job.getNamespaceURI()).isEqualTo("http://schemas.microsoft.com/HPCS2008/scheduler/");
        assertThat(job.getAttribute("MaxCores")).isEqualTo("4");
        var tasks = d.getElementsByTagNameNS(job.getNamespaceURI(), "Task");
        assertThat(tasks.getLength()).isEqualTo(4);
        assertThat(((Element) tasks.item(3)).getAttribute("CommandLine")).contains("dev.jcluster.engine.EngineMain");
        assertThat(text).contains("# ---- engines-0-3: `job submit /jobfile:");
    }
}
