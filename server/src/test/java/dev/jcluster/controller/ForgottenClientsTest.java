package dev.jcluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When engines may drop a forgotten client's class loader: never during a reconnect blip. */
class ForgottenClientsTest {
    private static final long GRACE = 120_000_000_000L;

    @Test
    void aClientForgottenAsItLeftIsDueOnlyAfterTheGraceAndOnlyOnce() {
        ForgottenClients f = new ForgottenClients(GRACE);
        f.forgotten("a", 1_000);
        assertThat(f.due(1_000 + GRACE - 1)).isEmpty();
        assertThat(f.due(1_000 + GRACE)).containsExactly("a");
        assertThat(f.due(1_000 + 2 * GRACE)).isEmpty();
    }

    @Test
    void aClientThatCameBackIsNeverDue() {
        ForgottenClients f = new ForgottenClients(GRACE);
        f.forgotten("blip", 0);
        f.returned("blip");
        assertThat(f.due(10 * GRACE)).isEmpty();
        assertThat(f.size()).isZero();
    }

    @Test
    void aClientAwayPastKeepUntakenIsDueAtOnce() {
        ForgottenClients f = new ForgottenClients(GRACE);
        f.forgottenForGood("gone");
        assertThat(f.due(0)).containsExactly("gone");
    }
}
