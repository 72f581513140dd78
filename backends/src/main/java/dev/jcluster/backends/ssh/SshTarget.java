package dev.jcluster.backends.ssh;

import dev.jcluster.backends.spi.SshOptions;

/**
 * Where to log in: user, host (as the profile names it: an ssh config alias, say), port. Written as
 * user@host:port into the cluster's records. The profile's own user and port come first, then the
 * ssh configuration's, then the current user and the profile's default port.
 */
record SshTarget(String user, String host, int port) {
    static SshTarget of(SshOptions.SshHost h, SshOptions o, SshConfig config) {
        SshConfig.Entry c = config.entry(h.host());
        String user = !h.user().isBlank() ? h.user() : !o.user().isBlank() ? o.user()
                : !c.user().isBlank() ? c.user() : System.getProperty("user.name");
        int port = h.port() > 0 ? h.port() : o.port() != SshOptions.DEFAULTS.port() ? o.port()
                : c.port() > 0 ? c.port() : o.port();
        return new SshTarget(user, h.host(), port);
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
