package dev.jcluster.backends.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ~/.ssh/config read as ssh(1) reads it, for the keywords that say how to reach a host. */
class SshConfigTest {
    private static final SshConfig CONFIG = SshConfig.parse(List.of(
            "# a site's configuration",
            "Host node?? !node99",
            "    HostName %h.cluster.example.org",
            "    ProxyJump login",
            "Host login",
            "    HostName=login.example.org",
            "    Port 2200",
            "    IdentityFile \"~/.ssh/id_site\"",
            "Match exec \"true\"",
            "    User nobody",
            "Host *",
            "    User alice",
            "    Port 22",
            "    ProxyJump none"));

    @Test
    void theFirstValueOfEachKeywordFromEveryMatchingBlockWins() {
        SshConfig.Entry node = CONFIG.entry("node07");
        assertThat(node.hostName()).isEqualTo("node07.cluster.example.org");
        assertThat(node.proxyJump()).isEqualTo("login");
        assertThat(node.user()).isEqualTo("alice");
        assertThat(node.port()).isEqualTo(22);

        SshConfig.Entry login = CONFIG.entry("login");
        assertThat(login).isEqualTo(new SshConfig.Entry("login.example.org", 2200, "alice", "~/.ssh/id_site", ""));
    }

    @Test
    void negatedPatternsAndMatchBlocksMatchNothing() {
        SshConfig.Entry excluded = CONFIG.entry("node99");
        assertThat(excluded.hostName()).isEmpty();
        assertThat(excluded.proxyJump()).as("ProxyJump none").isEmpty();
        assertThat(excluded.user()).as("from Host *, not the Match block").isEqualTo("alice");
        assertThat(SshConfig.empty().entry("anything")).isEqualTo(SshConfig.Entry.NONE);
    }
}
