package dev.jcluster.launcher.profiles;

/** A profile that cannot be used; the message names the file, the line and the key. */
public class ProfileException extends Exception {
    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
