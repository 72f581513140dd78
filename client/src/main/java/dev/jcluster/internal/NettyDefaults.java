package dev.jcluster.internal;

/** Settings a jcluster process gives Netty before it loads, unless the command line gave its own. */
public final class NettyDefaults {
    static final String JFR = "io.netty.jfr.enabled";
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    private NettyDefaults() {
    }

    /**
     * Netty 4.2 readies its JFR events when it loads, which starts JFR's own machinery: a large
     * share of an engine's start, for events nobody records. {@code -Dio.netty.jfr.enabled=true}
     * brings them back.
     *
     * <p>Its leak detector records where one buffer in 128 was made, a stack trace each, on the
     * path of every task. {@code -Dio.netty.leakDetection.level=simple} (or
     * paranoid) brings it back to hunt a leak.
     */
    public static void apply() {
        if (System.getProperty(JFR) == null) {
            System.setProperty(JFR, "false");
        }
        if (System.getProperty(LEAK_DETECTION) == null) {
            System.setProperty(LEAK_DETECTION, "disabled");
        }
    }
}
