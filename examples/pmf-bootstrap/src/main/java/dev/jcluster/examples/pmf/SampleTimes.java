package dev.jcluster.examples.pmf;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The samples' times from the data's date column, as EPA PMF files write them (M/D/YYYY, with an
 * optional H:MM) or ISO 8601; and where sampling paused for longer than it usually does.
 */
final class SampleTimes {
    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            DateTimeFormatter.ofPattern("M/d/yyyy H:mm"), DateTimeFormatter.ofPattern("M/d/yyyy H:mm:ss"),
            DateTimeFormatter.ISO_LOCAL_DATE_TIME, DateTimeFormatter.ofPattern("yyyy-MM-dd H:mm"));
    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.ofPattern("M/d/yyyy"), DateTimeFormatter.ISO_LOCAL_DATE);
    /** A pause longer than this many usual intervals between samples breaks the plotted line. */
    private static final double GAP = 2.5;

    private SampleTimes() {
    }

    /** Milliseconds since the epoch (the clock time read as UTC) of every date, or empty if any does not parse. */
    static Optional<long[]> parse(List<String> dates) {
        long[] out = new long[dates.size()];
        for (int i = 0; i < out.length; i++) {
            Optional<LocalDateTime> t = parse(dates.get(i).trim());
            if (t.isEmpty()) {
                return Optional.empty();
            }
            out[i] = t.get().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return Optional.of(out);
    }

    private static Optional<LocalDateTime> parse(String s) {
        for (DateTimeFormatter f : DATE_TIMES) {
            try {
                return Optional.of(LocalDateTime.parse(s, f));
            } catch (DateTimeParseException e) {
                // the next layout
            }
        }
        for (DateTimeFormatter f : DATES) {
            try {
                return Optional.of(LocalDate.parse(s, f).atStartOfDay());
            } catch (DateTimeParseException e) {
                // the next layout
            }
        }
        return Optional.empty();
    }

    /**
     * The sample indices where a new run of regular sampling starts: 0, and every sample that
     * follows the one before by more than {@value #GAP} times the median interval.
     */
    static List<Integer> runStarts(long[] times) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        if (times.length < 3) {
            return starts;
        }
        long[] steps = new long[times.length - 1];
        for (int i = 1; i < times.length; i++) {
            steps[i - 1] = times[i] - times[i - 1];
        }
        long[] sorted = steps.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        for (int i = 1; i < times.length; i++) {
            if (steps[i - 1] > GAP * median) {
                starts.add(i);
            }
        }
        return starts;
    }
}
