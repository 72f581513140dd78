package dev.jcluster.launcher.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The dashboard's secret, as Jupyter's: printed in the URL once, then kept by the browser in an
 * HttpOnly cookie. Compared in constant time.
 */
final class AccessToken {
    static final String COOKIE = "jcluster-dashboard";

    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    static AccessToken random() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return new AccessToken(HexFormat.of().formatHex(b));
    }

    String value() {
        return value;
    }

    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.US_ASCII));
    }
}
