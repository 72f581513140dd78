package dev.jcluster.launcher.launch;

/** Where long operations say what they are doing: the CLI draws bars, tests collect lines. */
public interface Reporter {
    /** A step finished or started: one short line. */
    void line(String text);

    /** Progress of a counted wait; called repeatedly, ends when {@code done == total} or with {@link #line}. */
    void progress(String label, int done, int total);

    Reporter SILENT = new Reporter() {
        @Override
        public void line(String text) {
        }

        @Override
        public void progress(String label, int done, int total) {
        }
    };
}
