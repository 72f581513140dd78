package dev.jcluster.backends.ssh;

import dev.jcluster.backends.spi.SshOptions;

/** Where to log in: user, host, port. Written as user@host:port into the cluster's records. */
record SshTarget(String user, String host, int port) {
    static SshTarget of(SshOptions.SshHost h, SshOptions o) {
        String user = !h.user().isBlank() ? h.user() : !o.user().isBlank() ? o.user() : System.getProperty("user.name");
        return new SshTarget(user, h.host(), h.port() > 0 ? h.port() : o.port());
    }

    static SshTarget parse(String text) {
        int at = text.indexOf('@');
        int colon = text.lastIndexOf(':');
        return new SshTarget(text.substring(0, at), text.substring(at + 1, colon),
                Integer.parseInt(text.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
