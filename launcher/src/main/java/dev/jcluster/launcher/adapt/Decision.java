package dev.jcluster.launcher.adapt;

import java.util.List;

/**
 * What to do after a look: engines to add, engines to retire (drain, then leave), and why, in the
 * words `status` and `top` show.
 */
public record Decision(int add, List<Integer> retire, String why) {
    public Decision {
        retire = List.copyOf(retire);
    }

    static Decision hold(String why) {
        return new Decision(0, List.of(), why);
    }

    public boolean acts() {
        return add > 0 || !retire.isEmpty();
    }
}
