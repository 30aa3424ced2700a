package io.streamz4j.transport.scatter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link WorkerPool} starts its worker processes: how many, what goes on their class path
 * and command line beyond this JVM's own, which media driver they attach to, which channel each
 * listens on, and where their output goes.
 *
 * <p>Defaults give a pool of local workers for the cluster it is started with: IPC work channels
 * on the cluster's own (embedded or external) media driver, the cluster's control channel, the
 * worker's default idle strategy ({@code backoff}), this JVM's {@code java} and class path, and
 * {@link #projectJvmFlags()}. Function libraries the cluster was given with
 * {@code ClusterOptions.library} must be named here too: both sides load the same ones.
 *
 * <p>Thread safety: immutable once built; the {@link Builder} is for one thread.
 */
public final class WorkerPoolOptions {
    /** Every {@code java} the project starts gets these (the root POM's {@code streamz4j.jvm.flags}). */
    private static final List<String> JVM_FLAGS = List.of(
            "-Dchronicle.analytics.disable=true",
            "-Dstreamz4j.checkThreads=true",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-modules=jdk.incubator.vector",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED");
    /** What JDK 24+ needs on top (the POM's {@code streamz4j.jvm.flags.jdk24}); JDK 17 refuses them. */
    private static final List<String> JVM_FLAGS_JDK24 = List.of(
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");
    private static final Set<String> IDLE_STRATEGIES = Set.of("backoff", "sleeping", "yielding", "busy-spin");

    private final int workers;
    private final List<String> classPath;
    private final List<String> libraries;
    private final List<String> jvmFlags;
    private final String idleStrategy;
    private final Duration heartbeatInterval;
    private final String controlChannel;
    private final String aeronDir;
    private final boolean embeddedDriver;
    private final String udpHost;
    private final int firstUdpPort;
    private final List<String> launcherPrefix;
    private final Path logDirectory;
    private final String namePrefix;
    private final Duration stopTimeout;

    private WorkerPoolOptions(Builder b) {
        workers = b.workers;
        classPath = List.copyOf(b.classPath);
        libraries = List.copyOf(b.libraries);
        jvmFlags = List.copyOf(b.jvmFlags);
        idleStrategy = b.idleStrategy;
        heartbeatInterval = b.heartbeatInterval;
        controlChannel = b.controlChannel;
        aeronDir = b.aeronDir;
        embeddedDriver = b.embeddedDriver;
        udpHost = b.udpHost;
        firstUdpPort = b.firstUdpPort;
        launcherPrefix = List.copyOf(b.launcherPrefix);
        logDirectory = b.logDirectory;
        namePrefix = b.namePrefix;
        stopTimeout = b.stopTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code n} workers and every other option at its default. */
    public static WorkerPoolOptions workers(int n) {
        return builder().workers(n).build();
    }

    /**
     * The JVM flags every worker and standalone driver starts with: those the modules need on the
     * running JDK (Chronicle's and Arrow's module openings, and on JDK 24+ their native and
     * {@code Unsafe} memory access), the same list the root POM passes to every JVM the build starts.
     */
    public static List<String> projectJvmFlags() {
        if (Runtime.version().feature() < 24) {
            return JVM_FLAGS;
        }
        List<String> flags = new ArrayList<>(JVM_FLAGS);
        flags.addAll(JVM_FLAGS_JDK24);
        return List.copyOf(flags);
    }

    public int workers() {
        return workers;
    }

    /** Entries added after this JVM's class path. */
    public List<String> classPath() {
        return classPath;
    }

    /** {@code FunctionLibrary} classes named on each worker's command line ({@code --library}). */
    public List<String> libraries() {
        return libraries;
    }

    /** Flags added after {@link #projectJvmFlags()} (a later flag wins, so these can override). */
    public List<String> jvmFlags() {
        return jvmFlags;
    }

    /** The workers' idle strategy, or null for the worker's default ({@code backoff}). */
    public String idleStrategy() {
        return idleStrategy;
    }

    /** The workers' heartbeat interval, or null for the worker's default. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** The channel the workers send to, or null for the cluster's. */
    public String controlChannel() {
        return controlChannel;
    }

    /** The directory of the media driver the workers attach to, or null for the cluster's. */
    public String aeronDir() {
        return aeronDir;
    }

    /** Whether each worker runs a media driver of its own (UDP channels only). */
    public boolean embeddedDriver() {
        return embeddedDriver;
    }

    /** The address the workers' UDP work channels bind to, or null for IPC work channels. */
    public String udpHost() {
        return udpHost;
    }

    /** The first UDP port (each start takes the next), or 0 for free ports the pool finds. */
    public int firstUdpPort() {
        return firstUdpPort;
    }

    /** Words put before {@code java}, e.g. {@code ip netns exec ns1} to start in a network namespace. */
    public List<String> launcherPrefix() {
        return launcherPrefix;
    }

    /** Where each worker's log goes, or null for a new temporary directory (kept for inspection). */
    public Path logDirectory() {
        return logDirectory;
    }

    /** Worker {@code i} is named {@code namePrefix-i} on its command line and in the metrics. */
    public String namePrefix() {
        return namePrefix;
    }

    /** How long {@link WorkerPool#close()} waits after SIGTERM before SIGKILL. */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    /** Collects the options; {@link #build()} checks them. Not thread safe. */
    public static final class Builder {
        private int workers = 2;
        private final List<String> classPath = new ArrayList<>();
        private final List<String> libraries = new ArrayList<>();
        private final List<String> jvmFlags = new ArrayList<>();
        private String idleStrategy;
        private Duration heartbeatInterval;
        private String controlChannel;
        private String aeronDir;
        private boolean embeddedDriver;
        private String udpHost;
        private int firstUdpPort;
        private final List<String> launcherPrefix = new ArrayList<>();
        private Path logDirectory;
        private String namePrefix = "worker";
        private Duration stopTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /** How many workers {@link WorkerPool#start} starts (0: only those {@code startOne()} adds). */
        public Builder workers(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("WorkerPoolOptions: workers must be >= 0, got " + n);
            }
            workers = n;
            return this;
        }

        public Builder classPath(String entry) {
            classPath.add(nonEmpty("classPath", entry));
            return this;
        }

        public Builder library(String className) {
            libraries.add(nonEmpty("library", className));
            return this;
        }

        public Builder jvmFlag(String flag) {
            jvmFlags.add(nonEmpty("jvmFlag", flag));
            return this;
        }

        /** {@code backoff} (the default: spin a little, yield, then park), {@code sleeping}, {@code yielding}, {@code busy-spin}. */
        public Builder idleStrategy(String name) {
            if (!IDLE_STRATEGIES.contains(name)) {
                throw new IllegalArgumentException("WorkerPoolOptions: idleStrategy must be one of "
                        + IDLE_STRATEGIES + ", got " + name);
            }
            idleStrategy = name;
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            if (interval == null || interval.toMillis() < 1) {
                throw new IllegalArgumentException("WorkerPoolOptions: heartbeatInterval must be at least 1 ms, got "
                        + interval);
            }
            heartbeatInterval = interval;
            return this;
        }

        public Builder controlChannel(String channel) {
            controlChannel = channel(nonEmpty("controlChannel", channel), "controlChannel");
            return this;
        }

        /** Workers attach to the media driver in {@code dir} (a standalone driver, or another process's). */
        public Builder aeronDir(String dir) {
            aeronDir = nonEmpty("aeronDir", dir);
            embeddedDriver = false;
            return this;
        }

        /** Each worker runs a media driver of its own; needs UDP work and control channels. */
        public Builder embeddedDriver() {
            embeddedDriver = true;
            aeronDir = null;
            return this;
        }

        /** Each worker listens on {@code aeron:udp?endpoint=host:port}, the port a free one the pool finds. */
        public Builder udpWorkChannels(String host) {
            return udpWorkChannels(host, 0);
        }

        /**
         * Each worker listens on {@code aeron:udp?endpoint=host:port}, ports from {@code firstPort} up,
         * one per start (a restarted worker takes a new one); for a host whose free ports this
         * process cannot probe, such as another network namespace.
         */
        public Builder udpWorkChannels(String host, int firstPort) {
            if (firstPort < 0 || firstPort > 65535) {
                throw new IllegalArgumentException("WorkerPoolOptions: firstPort must be 0 (free ports) or a port, got "
                        + firstPort);
            }
            udpHost = nonEmpty("udpWorkChannels host", host);
            firstUdpPort = firstPort;
            return this;
        }

        public Builder launcherPrefix(List<String> words) {
            for (String word : Objects.requireNonNull(words, "launcherPrefix")) {
                launcherPrefix.add(nonEmpty("launcherPrefix", word));
            }
            return this;
        }

        public Builder logDirectory(Path dir) {
            logDirectory = Objects.requireNonNull(dir, "WorkerPoolOptions: logDirectory");
            return this;
        }

        public Builder namePrefix(String prefix) {
            namePrefix = nonEmpty("namePrefix", prefix);
            return this;
        }

        public Builder stopTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("WorkerPoolOptions: stopTimeout must be >= 0, got " + timeout);
            }
            stopTimeout = timeout;
            return this;
        }

        public WorkerPoolOptions build() {
            if (embeddedDriver && udpHost == null) {
                throw new IllegalArgumentException("WorkerPoolOptions: embeddedDriver needs udpWorkChannels:"
                        + " IPC reaches only processes on the same media driver");
            }
            return new WorkerPoolOptions(this);
        }

        private static String nonEmpty(String parameter, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("WorkerPoolOptions: " + parameter + " must not be empty");
            }
            return value;
        }

        private static String channel(String value, String parameter) {
            if (!value.startsWith("aeron:")) {
                throw new IllegalArgumentException("WorkerPoolOptions: " + parameter
                        + " must be an Aeron channel (aeron:ipc or aeron:udp?endpoint=host:port), got " + value);
            }
            return value;
        }
    }
}
