package dev.jcluster.backends.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jcluster.backends.spi.BackendException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptTemplateTest {
    @Test
    void aLineWhoseEveryVariableIsEmptyIsLeftOut() throws Exception {
        String t = "#!/bin/bash\n#X --queue={{queue}}\n#X -J {{job_name}}{{array_suffix}}\n{{launch}}\n";
        String out = new ScriptTemplate(t, "t.sh").render(Map.of("queue", "", "job_name", "jc", "array_suffix", "",
                "launch", "a\nb"));
        assertThat(out).isEqualTo("#!/bin/bash\n#X -J jc\na\nb\n");
    }

    @Test
    void anUnknownVariableNamesTheTemplateAndLine() {
        assertThatThrownBy(() -> new ScriptTemplate("ok\n#X {{qeueu}}\n", "my.sh").render(Map.of("queue", "q")))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("my.sh:2: unknown template variable {{qeueu}}").hasMessageContaining("queue");
    }

    @Test
    void valuesAreInsertedLiterallyEvenWithDollarsAndBackslashes() throws Exception {
        assertThat(new ScriptTemplate("{{launch}}", "t").render(Map.of("launch", "echo $HOME \\n")))
                .isEqualTo("echo $HOME \\n");
    }
}
