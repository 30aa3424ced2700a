package io.streamz4j.transport.scatter.wire;

/**
 * The constants of the scatter protocol: the Aeron stream ids, the protocol version and the
 * message types. Every message starts with a {@link MessageHeader}; the body of each type is laid
 * out by the class named beside its constant.
 *
 * <p>Thread safety: constants only.
 */
public final class Protocol {
    /** The coordinator's control stream: every worker publishes HELLO, HEARTBEAT, RESULT, GOODBYE here. */
    public static final int CONTROL_STREAM_ID = 1001;
    /**
     * A worker's work stream on UDP; on IPC, where all workers share {@code aeron:ipc}, each adds a
     * random offset in [1, {@link #IPC_STREAM_ID_RANGE}) and announces it in its HELLO.
     */
    public static final int WORK_STREAM_ID = 2001;
    /** The exclusive upper bound of the random offset an IPC worker adds to {@link #WORK_STREAM_ID}. */
    public static final int IPC_STREAM_ID_RANGE = 1 << 20;

    /** The version byte every message carries; a message of another version is refused. */
    public static final byte VERSION = 1;

    /** Worker to coordinator: {@link HelloMessage}. */
    public static final byte HELLO = 1;
    /** Coordinator to worker: {@link WelcomeMessage}. */
    public static final byte WELCOME = 2;
    /** Coordinator to worker: {@link RejectMessage}. */
    public static final byte REJECT = 3;
    /** Both ways: {@link HeartbeatMessage}. */
    public static final byte HEARTBEAT = 4;
    /** Worker to coordinator, header only: the worker is leaving. */
    public static final byte GOODBYE = 5;
    /** Coordinator to worker, header only: the worker should say GOODBYE and exit. */
    public static final byte SHUTDOWN = 6;
    /** Coordinator to worker: {@link ProgramMessage}. */
    public static final byte PROGRAM = 10;
    /** Coordinator to worker: {@link TaskMessage}. */
    public static final byte TASK = 11;
    /** Worker to coordinator: {@link ResultMessage}. */
    public static final byte RESULT = 12;
    /** Coordinator to worker: {@link RestoreMessage}. */
    public static final byte RESTORE = 13;

    private Protocol() {
    }

    /** The name of a message type, for logs and refusals ("type 99" when it is none). */
    public static String typeName(int type) {
        return switch (type) {
            case HELLO -> "HELLO";
            case WELCOME -> "WELCOME";
            case REJECT -> "REJECT";
            case HEARTBEAT -> "HEARTBEAT";
            case GOODBYE -> "GOODBYE";
            case SHUTDOWN -> "SHUTDOWN";
            case PROGRAM -> "PROGRAM";
            case TASK -> "TASK";
            case RESULT -> "RESULT";
            case RESTORE -> "RESTORE";
            default -> "type " + type;
        };
    }
}
