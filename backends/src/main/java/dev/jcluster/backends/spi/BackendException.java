package dev.jcluster.backends.spi;

/** A backend could not do what was asked; the message says what failed and what to do about it. */
public class BackendException extends Exception {
    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
