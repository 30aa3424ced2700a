package io.streamz4j.transport.scatter;

import io.aeron.CommonContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * An Aeron media driver in a process of its own: {@code java -Daeron.dir=<dir> ... io.aeron.driver.MediaDriver},
 * the driver workers on one host share (started with {@code --aeron-dir <dir>}) when it should
 * outlive them, or run on a host the coordinator is not on. The process is started with this
 * JVM's {@code java} and class path (Aeron's driver is on it), the project's JVM flags, the
 * driver's directory cleared at start and deleted at shutdown, one shared driver thread (two
 * cores do not have a thread for each of conductor, sender and receiver), and the embedded
 * driver's term lengths and short liveness timeouts ({@link AeronSetup}); any {@code aeron.*}
 * system property can be set besides. Its output goes to a log file.
 *
 * <p>{@link #kill()} SIGKILLs it (its directory stays, with a stale CnC file the next driver
 * clears), {@link #restart()} starts a new one on the same directory, {@link #close()} sends
 * SIGTERM (the driver closes its clients' resources and deletes its directory), SIGKILLs it if it
 * has not exited in time, and deletes the directory if it is still there. A JVM shutdown hook
 * SIGKILLs it if this JVM exits without closing it.
 *
 * <p>Thread safety: every method may be called from any thread; they are serialized on the
 * driver object. It starts no thread (the shutdown hook is a thread only the JVM's exit starts).
 */
public final class StandaloneDriver implements AutoCloseable {
    /** The media driver's main class (Aeron's own). */
    public static final String DRIVER_MAIN = "io.aeron.driver.MediaDriver";

    private final String aeronDir;
    private final List<String> launcherPrefix;
    private final List<String> jvmFlags;
    private final Path logFile;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final Thread shutdownHook;
    private volatile ChildJvm driver;
    private boolean closed;

    private StandaloneDriver(Builder config) {
        this.aeronDir = config.aeronDir;
        this.launcherPrefix = List.copyOf(config.launcherPrefix);
        List<String> flags = new ArrayList<>(WorkerPoolOptions.projectJvmFlags());
        config.properties.forEach((key, value) -> flags.add("-D" + key + "=" + value));
        flags.addAll(config.jvmFlags);
        this.jvmFlags = List.copyOf(flags);
        this.logFile = config.logFile;
        this.startTimeout = config.startTimeout;
        this.stopTimeout = config.stopTimeout;
        this.shutdownHook = new Thread(() -> driver.killNow(), "streamz4j-standalone-driver-shutdown");
        if (CommonContext.isDriverActive(new File(aeronDir), TimeUnit.SECONDS.toMillis(1), message -> { })) {
            throw new IllegalStateException("StandaloneDriver: a driver is already active in " + aeronDir);
        }
        this.driver = launch();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A driver on {@code aeronDir} with every other setting at its default. */
    public static StandaloneDriver start(String aeronDir) {
        return builder().aeronDir(aeronDir).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String aeronDir() {
        return aeronDir;
    }

    public synchronized long pid() {
        return driver.pid();
    }

    public boolean isAlive() {
        return driver.isAlive();
    }

    public Path log() {
        return logFile;
    }

    /** SIGKILL, and waits until the process is gone; the directory stays. */
    public synchronized void kill() {
        driver.kill();
    }

    /** Starts a new driver on the same directory once the old one has exited; returns when it is ready. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("StandaloneDriver: closed");
        }
        if (driver.isAlive()) {
            throw new IllegalStateException("StandaloneDriver: pid " + driver.pid() + " is still alive");
        }
        driver = launch();
    }

    /** SIGTERM, SIGKILL after the stop timeout, then the directory removed if the driver left it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        driver.stop(stopTimeout);
        deleteDirectory(Path.of(aeronDir));
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException exiting) {
            // the JVM is already running its hooks, this driver's among them: nothing to remove
        }
    }

    /**
     * Starts the process on a directory cleared first: the CnC file a killed driver left carries a
     * heartbeat that looks fresh for a while, which a readiness check must not take for the new one.
     */
    private ChildJvm launch() {
        deleteDirectory(Path.of(aeronDir));
        ChildJvm started = ChildJvm.start(launcherPrefix, jvmFlags, System.getProperty("java.class.path"),
                DRIVER_MAIN, List.of(), logFile);
        try {
            awaitActive(started);
        } catch (RuntimeException | Error e) {
            started.kill();
            throw e;
        }
        return started;
    }

    /** Polls the driver's CnC file until its heartbeat is fresh: the driver is then ready for clients. */
    private void awaitActive(ChildJvm started) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        File dir = new File(aeronDir);
        while (!CommonContext.isDriverActive(dir, TimeUnit.SECONDS.toMillis(1), message -> { })) {
            if (!started.isAlive() || System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("StandaloneDriver: no driver active in " + dir + " within "
                        + startTimeout + "; its log " + logFile + ":" + System.lineSeparator() + started.logTail(30));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static void deleteDirectory(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("StandaloneDriver: cannot delete " + dir, e);
        }
    }

    /** The driver's settings; {@link #start()} starts it and waits until it is active. Not thread safe. */
    public static final class Builder {
        private String aeronDir;
        private final List<String> launcherPrefix = new ArrayList<>();
        private final List<String> jvmFlags = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Path logFile;
        private Duration startTimeout = Duration.ofSeconds(30);
        private Duration stopTimeout = Duration.ofSeconds(5);

        private Builder() {
            properties.put("aeron.dir.delete.on.start", "true");
            properties.put("aeron.dir.delete.on.shutdown", "true");
            properties.put("aeron.threading.mode", "SHARED");
            // the embedded driver's settings (AeronSetup): sparse terms, and short liveness timeouts
            // so a SIGKILLed worker's publications and images are cleaned up within seconds
            properties.put("aeron.term.buffer.sparse.file", "true");
            properties.put("aeron.term.buffer.length", Integer.toString(AeronSetup.TERM_LENGTH));
            properties.put("aeron.ipc.term.buffer.length", Integer.toString(AeronSetup.TERM_LENGTH));
            properties.put("aeron.client.liveness.timeout", nanos(AeronSetup.CLIENT_LIVENESS_MS));
            properties.put("aeron.image.liveness.timeout", nanos(AeronSetup.IMAGE_LIVENESS_MS));
            properties.put("aeron.publication.unblock.timeout", nanos(AeronSetup.CLIENT_LIVENESS_MS + 1_000));
            properties.put("aeron.timer.interval", nanos(100));
        }

        private static String nanos(long millis) {
            return Long.toString(TimeUnit.MILLISECONDS.toNanos(millis));
        }

        /** The driver's directory, which its clients name with {@code aeron.dir} / {@code --aeron-dir}. */
        public Builder aeronDir(String dir) {
            if (dir == null || dir.isBlank()) {
                throw new IllegalArgumentException("StandaloneDriver: aeronDir must not be empty");
            }
            aeronDir = dir;
            properties.put("aeron.dir", dir);
            return this;
        }

        /** Words put before {@code java}, e.g. {@code ip netns exec ns1} to start in a network namespace. */
        public Builder launcherPrefix(List<String> words) {
            launcherPrefix.addAll(Objects.requireNonNull(words, "StandaloneDriver: launcherPrefix"));
            return this;
        }

        public Builder jvmFlag(String flag) {
            jvmFlags.add(Objects.requireNonNull(flag, "StandaloneDriver: jvmFlag"));
            return this;
        }

        /** An {@code aeron.*} system property for the driver, e.g. {@code aeron.threading.mode=DEDICATED}. */
        public Builder property(String key, String value) {
            if (key == null || !key.startsWith("aeron.") || value == null) {
                throw new IllegalArgumentException("StandaloneDriver: property must be an aeron.* key with a value, got "
                        + key + "=" + value);
            }
            if (key.equals("aeron.dir")) {
                return aeronDir(value);
            }
            properties.put(key, value);
            return this;
        }

        /**
         * Where the driver's output goes; by default {@code <java.io.tmpdir>/<the directory's name>.log}
         * (not beside the directory, which is usually in {@code /dev/shm}, memory).
         */
        public Builder logFile(Path file) {
            logFile = Objects.requireNonNull(file, "StandaloneDriver: logFile");
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            startTimeout = positive("startTimeout", timeout);
            return this;
        }

        public Builder stopTimeout(Duration timeout) {
            stopTimeout = positive("stopTimeout", timeout);
            return this;
        }

        public StandaloneDriver start() {
            if (aeronDir == null) {
                throw new IllegalArgumentException("StandaloneDriver: aeronDir must be set");
            }
            if (logFile == null) {
                logFile = Path.of(System.getProperty("java.io.tmpdir"), Path.of(aeronDir).getFileName() + ".log");
            }
            return new StandaloneDriver(this);
        }

        private static Duration positive(String parameter, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("StandaloneDriver: " + parameter + " must be positive, got " + value);
            }
            return value;
        }
    }
}
