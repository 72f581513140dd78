package dev.jcluster.protocol;

/** The kind of a frame; its code is the first byte after the length. */
public enum MessageType {
    HELLO(1), WELCOME(2), REFUSED(3), HEARTBEAT(4), DRAIN(5), PACE(6),
    SUBMIT(10), TASK(11), RESULT(12), CANCEL(13), OUTPUT(14), ACCEPTED(15), TAKEN(16),
    CLASS_REQUEST(20), CLASS_DATA(21), CLIENT_GONE(22),
    STATUS_REQUEST(30), STATUS(31), TASK_LIST_REQUEST(32), TASK_LIST(33), TASK_DETAIL_REQUEST(34), TASK_DETAIL(35),
    RESULT_REQUEST(36), FETCHED_RESULT(37),
    SHUTDOWN(40), NOTE(41),
    DATA_ROUTE_REQUEST(50), DATA_ROUTE(51), DATA_KEY(52);

    private static final MessageType[] BY_CODE = new MessageType[64];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a code, or null when the code is unknown (the frame is then refused). */
    public static MessageType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
