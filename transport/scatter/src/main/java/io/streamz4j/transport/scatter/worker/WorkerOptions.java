package io.streamz4j.transport.scatter.worker;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.streamz4j.transport.scatter.IdleStrategies;

import java.util.ArrayList;
import java.util.List;

/**
 * A worker's command line, parsed and checked:
 * <pre>
 * --control-channel &lt;channel&gt;   where the coordinator listens (required), e.g. aeron:ipc or
 *                               aeron:udp?endpoint=10.77.0.1:40123
 * --work-channel &lt;channel&gt;      where this worker listens (default aeron:ipc); on UDP its own
 *                               aeron:udp?endpoint=&lt;its ip&gt;:&lt;port&gt;, port not 0
 * --aeron-dir &lt;dir&gt;             the media driver to use (default Aeron's, -Daeron.dir); IPC
 *                               needs the coordinator's driver
 * --embedded-driver             start a media driver in this process instead (UDP only)
 * --library &lt;class&gt;             a FunctionLibrary to load, besides those ServiceLoader finds;
 *                               repeatable
 * --idle backoff|sleeping|yielding|busy-spin   the poll loop's idle strategy (default backoff)
 * --heartbeat-ms &lt;n&gt;             heartbeat interval in milliseconds (default 100)
 * --name &lt;text&gt;                 a name for logs and metrics (default worker-&lt;pid&gt;)
 * --parent-pid &lt;pid&gt;            say GOODBYE and exit 0 when that process ends (WorkerPool passes
 *                               its own JVM's, so a coordinator killed with SIGKILL, which runs
 *                               no shutdown hook, leaves no worker behind)
 * </pre>
 *
 * <p>Thread safety: immutable.
 */
public record WorkerOptions(String controlChannel, String workChannel, String aeronDir, boolean embeddedDriver,
        List<String> libraries, String idle, long heartbeatMs, String name, long parentPid) {

    /** {@link #parentPid} when no parent is watched. */
    public static final long NO_PARENT = 0;

    public static final String USAGE = "usage: java <jvm flags> -cp <class path> io.streamz4j.transport.scatter.Worker"
            + " --control-channel <channel> [--work-channel <channel>] [--aeron-dir <dir> | --embedded-driver]"
            + " [--library <class>]... [--idle backoff|sleeping|yielding|busy-spin] [--heartbeat-ms 100]"
            + " [--name <text>] [--parent-pid <pid>]";

    public WorkerOptions {
        libraries = List.copyOf(libraries);
    }

    /** Whether the work channel is IPC, where workers share one channel and tell apart by stream id. */
    public boolean ipcWork() {
        return workChannel.startsWith("aeron:ipc");
    }

    /**
     * The options of {@code args}.
     *
     * @throws IllegalArgumentException saying which argument is wrong and why
     */
    public static WorkerOptions parse(String[] args) {
        String control = null;
        String work = "aeron:ipc";
        String dir = null;
        boolean embedded = false;
        List<String> libraries = new ArrayList<>();
        String idle = IdleStrategies.DEFAULT;
        long heartbeatMs = 100;
        String name = "worker-" + ProcessHandle.current().pid();
        long parentPid = NO_PARENT;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--embedded-driver")) {
                embedded = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value"
                        : "unexpected argument '" + option + "'");
            }
            String value = args[++i];
            switch (option) {
                case "--control-channel" -> control = checkChannel(option, value);
                case "--work-channel" -> work = checkChannel(option, value);
                case "--aeron-dir" -> dir = value;
                case "--library" -> libraries.add(value);
                case "--idle" -> {
                    IdleStrategies.parse(value);
                    idle = value;
                }
                case "--heartbeat-ms" -> heartbeatMs = positive(option, value);
                case "--name" -> name = value;
                case "--parent-pid" -> parentPid = positive(option, value);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        if (control == null) {
            throw new IllegalArgumentException("--control-channel is required");
        }
        if (embedded && dir != null) {
            throw new IllegalArgumentException("--aeron-dir and --embedded-driver exclude each other");
        }
        if (embedded && work.startsWith("aeron:ipc")) {
            throw new IllegalArgumentException("--embedded-driver with an IPC work channel: IPC needs the coordinator's"
                    + " driver (--aeron-dir); an embedded driver is for UDP");
        }
        if (dir == null && !embedded) {
            dir = CommonContext.getAeronDirectoryName();
        }
        return new WorkerOptions(control, work, dir, embedded, libraries, idle, heartbeatMs, name, parentPid);
    }

    private static String checkChannel(String option, String value) {
        ChannelUri uri;
        try {
            uri = ChannelUri.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not an Aeron channel: " + e.getMessage());
        }
        if (uri.media().equals("udp")) {
            String endpoint = uri.get("endpoint");
            int colon = endpoint == null ? -1 : endpoint.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(option + " '" + value + "' needs endpoint=<host>:<port>");
            }
            long port;
            try {
                port = Long.parseLong(endpoint.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(option + " '" + value + "': the port must be 1..65535 (not 0: the"
                        + " other side must be able to reach it)");
            }
        } else if (!uri.media().equals("ipc")) {
            throw new IllegalArgumentException(option + " '" + value + "': media must be ipc or udp");
        }
        return value;
    }

    private static long positive(String option, String value) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a positive whole number, got '" + value + "'");
    }
}
