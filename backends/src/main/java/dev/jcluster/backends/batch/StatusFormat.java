package dev.jcluster.backends.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a scheduler's status command lays its answer out: rows of (job id, scheduler state); several
 * rows per array job are fine.
 */
public sealed interface StatusFormat {
    List<Map.Entry<String, String>> rows(String stdout, List<String> askedIds);

    /** A whitespace-separated table (squeue, qstat, bjobs): header and ruler lines skip, as their id is no number. */
    static StatusFormat columns(int idColumn, int stateColumn) {
        return new Columns(idColumn, stateColumn);
    }

    /** PBS's full listing (`qstat -f`): "Job Id: 123.server" starts a job, its "job_state = R" line follows. */
    static StatusFormat pbsFullListing() {
        return new PbsFullListing();
    }

    /** One job's "key : value" lines (`job view`), the state under {@code key}; one job asked at a time. */
    static StatusFormat keyValue(String key) {
        return new KeyValue(key);
    }

    record Columns(int idColumn, int stateColumn) implements StatusFormat {
        @Override
        public List<Map.Entry<String, String>> rows(String stdout, List<String> askedIds) {
            List<Map.Entry<String, String>> rows = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length > Math.max(idColumn, stateColumn) && !cols[idColumn].isEmpty()
                        && Character.isDigit(cols[idColumn].charAt(0))) {
                    rows.add(Map.entry(cols[idColumn], cols[stateColumn]));
                }
            }
            return rows;
        }
    }

    record PbsFullListing() implements StatusFormat {
        private static final Pattern JOB_ID = Pattern.compile("^Job Id:\\s*(\\S+)\\s*$");
        private static final Pattern JOB_STATE = Pattern.compile("^\\s+job_state\\s*=\\s*(\\S+)\\s*$");

        @Override
        public List<Map.Entry<String, String>> rows(String stdout, List<String> askedIds) {
            List<Map.Entry<String, String>> rows = new ArrayList<>();
            String job = null;
            for (String line : stdout.split("\n")) {
                Matcher id = JOB_ID.matcher(line);
                Matcher state = JOB_STATE.matcher(line);
                if (id.matches()) {
                    job = id.group(1);
                } else if (job != null && state.matches()) {
                    rows.add(Map.entry(job, state.group(1)));
                    job = null;
                }
            }
            return rows;
        }
    }

    record KeyValue(String key) implements StatusFormat {
        @Override
        public List<Map.Entry<String, String>> rows(String stdout, List<String> askedIds) {
            for (String line : stdout.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                    return List.of(Map.entry(askedIds.get(0), line.substring(colon + 1).strip()));
                }
            }
            return List.of();
        }
    }
}
