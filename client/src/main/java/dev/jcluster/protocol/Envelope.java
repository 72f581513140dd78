package dev.jcluster.protocol;

/** A decoded message with the frame's ids: {@code id} names it, {@code replyTo} the message it answers. */
public record Envelope(long id, long replyTo, Message message) {
    public static Envelope of(long id, Message message) {
        return new Envelope(id, 0, message);
    }

    public static Envelope reply(long replyTo, Message message) {
        return new Envelope(0, replyTo, message);
    }
}
