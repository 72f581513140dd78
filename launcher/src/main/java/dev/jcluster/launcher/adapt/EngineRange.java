package dev.jcluster.launcher.adapt;

import dev.jcluster.backends.spi.Launched;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The engine ids a launch holds, read from its role: "engine-7" (one process) or "engines-4-7" (a
 * job of several). An engine registers under the id it was launched with.
 */
public record EngineRange(int first, int last) {
    private static final Pattern ROLE = Pattern.compile("engines?-(\\d+)(?:-(\\d+))?");

    public static Optional<EngineRange> of(Launched launched) {
        Matcher m = ROLE.matcher(launched.role());
        if (!m.matches()) {
            return Optional.empty();
        }
        int first = Integer.parseInt(m.group(1));
        return Optional.of(new EngineRange(first, m.group(2) == null ? first : Integer.parseInt(m.group(2))));
    }

    public IntStream ids() {
        return IntStream.rangeClosed(first, last);
    }
}
