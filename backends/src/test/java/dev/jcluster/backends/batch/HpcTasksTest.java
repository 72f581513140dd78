package dev.jcluster.backends.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.backends.spi.ProcessSpec;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** Windows HPC tasks: command lines by CommandLineToArgvW's rules, XML by the JDK's writer. */
class HpcTasksTest {
    @Test
    void wordsComeBackWholeFromCommandLineToArgvW() {
        assertThat(HpcTasks.word("plain\\path")).as("backslashes alone are literal").isEqualTo("plain\\path");
        assertThat(HpcTasks.word("a b")).isEqualTo("\"a b\"");
        assertThat(HpcTasks.word("")).isEqualTo("\"\"");
        assertThat(HpcTasks.word("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(HpcTasks.word("x\\\"y")).as("a backslash before a quote is doubled, the quote escaped")
                .isEqualTo("\"x\\\\\\\"y\"");
        assertThat(HpcTasks.word("C:\\my dir\\")).as("backslashes before the closing quote are doubled")
                .isEqualTo("\"C:\\my dir\\\\\"");
        assertThat(HpcTasks.commandLine(List.of("java", "-cp", "a b", "E"))).isEqualTo("java -cp \"a b\" E");
    }

    @Test
    void valuesThatXmlMustEscapeSurviveTheJobFile() throws Exception {
        ProcessSpec spec = new ProcessSpec("engine-0", List.of("java", "-Dx=<a & \"b\">", "E"), null,
                Map.of("K", "v & <w>"), Path.of("/logs/engine-0.log"));
        String tasks = HpcTasks.xml(new PlannedJob("engines-0-0", List.of(spec), PlannedJob.Layout.TASKS));
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader("<Tasks>" + tasks + "</Tasks>")));
        Element task = (Element) doc.getElementsByTagName("Task").item(0);
        assertThat(task.getAttribute("CommandLine")).isEqualTo("java \"-Dx=<a & \\\"b\\\">\" E");
        assertThat(doc.getElementsByTagName("Value").item(1).getTextContent()).isEqualTo("v & <w>");
        assertThat(doc.getElementsByTagName("Value").item(0).getTextContent()).as("the engine's id").isEqualTo("0");
    }
}
