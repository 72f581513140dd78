package dev.jcluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleToTheCapEachWithinTheUpperHalfOfItsCeiling() {
        Backoff b = new Backoff(200, 2000, new Random(1));
        long[] ceilings = {200, 400, 800, 1600, 2000, 2000, 2000};
        for (long ceiling : ceilings) {
            assertThat(b.nextMillis()).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void enginesThatLostTheControllerTogetherDoNotComeBackTogether() {
        // a hundred engines' third attempt: spread over its window, not one instant
        Set<Long> third = new HashSet<>();
        Random random = new Random(2);
        for (int engine = 0; engine < 100; engine++) {
            Backoff b = new Backoff(200, 2000, random);
            List<Long> delays = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                delays.add(b.nextMillis());
            }
            third.add(delays.get(0) + delays.get(1) + delays.get(2));
        }
        assertThat(third).hasSizeGreaterThan(50);
        assertThat(third.stream().mapToLong(Long::longValue).max().getAsLong()
                - third.stream().mapToLong(Long::longValue).min().getAsLong()).isGreaterThan(300);
    }
}
