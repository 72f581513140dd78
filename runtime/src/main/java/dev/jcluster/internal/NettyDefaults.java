package dev.jcluster.internal;

/** Settings a jcluster process gives Netty before it loads, unless the command line gave its own. */
public final class NettyDefaults {
    static final String JFR = "io.netty.jfr.enabled";

    private NettyDefaults() {
    }

    /**
     * Netty 4.2 readies its JFR events when it loads, which starts JFR's own machinery: a fifth of
     * an engine's start on two cores, for events nobody records. {@code -Dio.netty.jfr.enabled=true}
     * brings them back.
     */
    public static void apply() {
        if (System.getProperty(JFR) == null) {
            System.setProperty(JFR, "false");
        }
    }
}
