package dev.jcluster.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name as engines and status report it. */
public final class HostName {
    private HostName() {
    }

    public static String get() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
