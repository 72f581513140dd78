package dev.jcluster.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentListTest {
    @Test
    void rangesAndValuesMix() throws Exception {
        assertThat(ArgumentList.parse("1..3,x,10..11")).containsExactly("1", "2", "3", "x", "10", "11");
    }

    @Test
    void placeholderIsReplacedOrTheArgumentAppended() {
        assertThat(ArgumentList.substitute(List.of("sh", "-c", "echo {}-{}"), "7", false))
                .containsExactly("sh", "-c", "echo 7-7");
        assertThat(ArgumentList.substitute(List.of("echo"), "7", false)).containsExactly("echo", "7");
    }

    @Test
    void inAShellScriptTheArgumentIsOneQuotedWordUnlessRaw() {
        String nasty = "a b; rm -rf $(pwd) 'x'";
        assertThat(ArgumentList.substitute(List.of("/bin/bash", "-ec", "gzip -k {}"), nasty, false))
                .containsExactly("/bin/bash", "-ec", "gzip -k 'a b; rm -rf $(pwd) '\\''x'\\'''");
        assertThat(ArgumentList.substitute(List.of("sh", "-c", "gzip -k {}"), nasty, true))
                .as("--raw").containsExactly("sh", "-c", "gzip -k " + nasty);
        assertThat(ArgumentList.substitute(List.of("./simulate", "--name", "{}"), nasty, false))
                .as("argv, not shell code: as it is").containsExactly("./simulate", "--name", nasty);
    }
}
