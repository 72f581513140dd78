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
        assertThat(ArgumentList.substitute(List.of("sh", "-c", "echo {}-{}"), "7")).containsExactly("sh", "-c", "echo 7-7");
        assertThat(ArgumentList.substitute(List.of("echo"), "7")).containsExactly("echo", "7");
    }
}
