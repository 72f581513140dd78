package dev.jcluster.backends.spi;

/** Quoting for command lines shown to people and written into job scripts. */
public final class Quoting {
    private Quoting() {
    }

    /** The word as POSIX sh reads it back: bare when safe, else in single quotes. */
    public static String shell(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,+@%".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
