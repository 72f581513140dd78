package dev.jcluster.protocol;

/** A value that could not be turned into bytes or back; the message names the class (and field) at fault. */
public class SerializationException extends RuntimeException {
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
