package dev.jcluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jcluster.backends.spi.Launched;
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
 * LSF, PBS Pro, Windows HPC and HTCondor, which cannot run here, through stand-in commands that print what
 * the real ones print (src/test/standins) and really run the submitted jobs' processes.
 */
class StandInSchedulersIT {
    @TempDir
    Path tmp;
    JclusterCommand jcluster;

    void setUp(String standIn) throws Exception {
        Files.createDirectories(tmp.resolve("home/profiles"));
        Files.createDirectories(tmp.resolve("work"));
        jcluster = StandInJobs.use(new JclusterCommand(tmp.resolve("home"), tmp.resolve("work")), standIn,
                tmp.resolve("scheduler"));
    }

    @AfterEach
    void nothingLeftRunning() throws Exception {
        if (jcluster == null) {
            return;
        }
        assertThat(jcluster.killLeftovers()).as("local processes left running").isEmpty();
        assertThat(StandInJobs.stillRunning(tmp.resolve("scheduler"))).as("processes of stand-in jobs").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lsf,    lsf,    System.getenv(\"LSB_JOBINDEX\"),     1 2 3",
        "pbs,    pbspro, System.getenv(\"PBS_ARRAY_INDEX\"),  0 1 2",
        "winhpc, winhpc, System.getenv(\"CCP_TASKID\"),       1 2 3",
        "htcondor, htcondor, System.getenv(\"JCLUSTER_ENGINE_ID\") + System.getenv(\"_CONDOR_SLOT\"), 0slot1 1slot1 2slot1"})
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
    void aHeldHtcondorJobFailsTheStartAtOnceWithItsHoldReasonAndIsRemoved() throws Exception {
        setUp("htcondor");
        Files.writeString(jcluster.home().resolve("profiles/h.yaml"), "engines:\n  backend: htcondor\n"
                + "batch:\n  extra-directives: [\"output = /nonexistent-dir/engine.out\"]\n");
        long began = System.nanoTime();
        var start = jcluster.run("start", "--profile", "h", "-n", "2", "-d");
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.err()).contains("engines ended before all had registered")
                .contains("engines-0-1 (htcondor job 1): BLOCKED (Error from slot1@")
                .contains("Failed to open '/nonexistent-dir/engine.out' as standard output");
        assertThat(System.nanoTime() - began).as("failed fast, not at the start timeout")
                .isLessThan(java.time.Duration.ofSeconds(60).toNanos());
        var queue = new ProcessBuilder(StandInJobs.STANDINS.resolve("htcondor/condor_q").toString(), "1", "-af:j",
                "JobStatus");
        queue.environment().put("STANDIN_STATE", tmp.resolve("scheduler").toString());
        Process q = queue.start();
        assertThat(new String(q.getInputStream().readAllBytes())).as("the held job was removed").isEmpty();
        assertThat(q.waitFor()).isZero();
    }

    @Test
    void theHtcondorSubmitDescriptionQueuesOneProcessPerEngineAndNamesItsScript() throws Exception {
        setUp("htcondor");
        var script = jcluster.run("script", "--profile", "htcondor", "-n", "3");
        assertThat(script.exitCode()).as(script.err()).isZero();
        assertThat(script.out()).contains("# ---- engines-0-2: `condor_submit ").contains("job-engines-0-2.sub`")
                .contains("arguments = $(Process)").contains("request_memory = 2048").contains("queue 3")
                .contains("job-engines-0-2.sh, its executable:")
                .contains("export JCLUSTER_ENGINE_ID=$(( 0 + $1 - 0 ))");
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
