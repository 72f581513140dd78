package dev.jcluster.launcher.profiles;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them in profiles: 1500000, 512k, 600m, 2g, 1t (1024-based; "2gb" and "2GiB" too). */
public final class SizeText {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?");

    private SizeText() {
    }

    public static boolean valid(String text) {
        return text != null && SIZE.matcher(text.strip().toLowerCase(Locale.ROOT)).matches() && parseOrNegative(text) >= 0;
    }

    /** The size in bytes; {@link IllegalArgumentException} for text that is not one. */
    public static long parse(String text) {
        long n = text == null ? -1 : parseOrNegative(text);
        if (n < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 2g)");
        }
        return n;
    }

    private static long parseOrNegative(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            return n > Long.MAX_VALUE >> shift ? -1 : n << shift;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
