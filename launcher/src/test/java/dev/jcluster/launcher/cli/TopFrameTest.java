package dev.jcluster.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jcluster.launcher.adapt.AdaptNote;
import dev.jcluster.launcher.adapt.AdaptPolicy;
import dev.jcluster.protocol.EngineInfo;
import dev.jcluster.protocol.EngineState;
import dev.jcluster.protocol.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One frame of `top`: the header counts engines by state, and an elastic cluster's scaling is one line. */
class TopFrameTest {
    @Test
    void theHeaderCountsLostEnginesOnlyAndTheAdaptLineSaysWhatScalingDoes() {
        String note = new AdaptNote("adding 3 (42 tasks waiting 12 s)", 1, 4, 1, 3, AdaptPolicy.Memory.FRESH,
                List.of(), 0).json();
        Status s = new Status("c", 1, 1000, List.of(engine(0, EngineState.BUSY), engine(1, EngineState.LEFT),
                engine(2, EngineState.LOST)), 42, 12_000, 10, 9, 0, 1, 0, -1, 700, 4, false, Map.of(AdaptNote.KEY, note));
        List<String> lines = TopFrame.render("elastic-default", s, List.of(), 0, TopFrame.Sort.ID, TopFrame.Filter.ALL,
                120, 30, false);
        assertThat(lines.get(0)).contains("engines 1 busy, 0 idle, 1 lost");
        assertThat(lines.get(2)).isEqualTo("adapt 1..4: adding 3 (42 tasks waiting 12 s)");
    }

    private static EngineInfo engine(int id, EngineState state) {
        return new EngineInfo(id, "u" + id, "vm", 100 + id, state, 0, 0, state == EngineState.BUSY ? 1 : 0, 0, 0, 0,
                -1, 0, 0);
    }
}
