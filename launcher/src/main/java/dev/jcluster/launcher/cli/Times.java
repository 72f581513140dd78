package dev.jcluster.launcher.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times and sizes as the monitoring commands print them. */
final class Times {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private Times() {
    }

    static String clock(long epochMillis) {
        return epochMillis == 0 ? "-" : CLOCK.format(Instant.ofEpochMilli(epochMillis));
    }

    static String full(long epochMillis) {
        return epochMillis == 0 ? "-" : FULL.format(Instant.ofEpochMilli(epochMillis));
    }

    static String duration(long from, long to) {
        if (from == 0 || to == 0) {
            return "-";
        }
        return seconds(to - from);
    }

    static String seconds(long millis) {
        return millis < 10_000 ? String.format(Locale.ROOT, "%.2fs", millis / 1000.0)
                : millis < 3_600_000 ? String.format(Locale.ROOT, "%d:%02d", millis / 60_000, millis / 1000 % 60)
                : String.format(Locale.ROOT, "%d:%02d:%02d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60);
    }

    static String bytes(long b) {
        if (b <= 0) {
            return "-";
        }
        return b >= 10L << 30 ? (b >> 30) + "G" : (b >> 20) + "M";
    }

    static String cut(String s, int n) {
        if (s == null) {
            return "";
        }
        return s.length() <= n ? s : s.substring(0, Math.max(0, n - 1)) + "~";
    }
}
