package dev.jcluster.launcher.profiles;

/** Whether an address a controller binds to reaches this host's loopback only. */
public final class Loopback {
    private Loopback() {
    }

    /** 127.0.0.0/8, ::1 and "localhost": reachable from this host alone. */
    public static boolean is(String host) {
        String h = host.strip().replace("[", "").replace("]", "");
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }
}
