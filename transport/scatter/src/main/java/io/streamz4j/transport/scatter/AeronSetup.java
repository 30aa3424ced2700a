package io.streamz4j.transport.scatter;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The Aeron a scatter process talks through, for the coordinator and the workers alike: either an
 * embedded media driver of its own (a fresh directory under {@code java.io.tmpdir}, deleted on
 * start and on close) or an external driver's directory. It makes Aeron clients on demand, so a
 * process whose driver went away (a restarted standalone driver) can {@link #reconnect} with a
 * new client instead of dying.
 *
 * <p>The embedded driver suits a two-core machine: one shared thread for conductor, sender and
 * receiver, idling with a back-off that ends in 1 ms parks (never a busy spin); term buffers of
 * {@value #TERM_LENGTH} bytes in sparse files (messages up to an eighth of that); and short
 * liveness timeouts ({@value #CLIENT_LIVENESS_MS} ms for a client, {@value #IMAGE_LIVENESS_MS} ms for
 * an image), so a killed worker's publications are cleaned up and seen unavailable quickly.
 * Clients give up on a silent driver after {@value #DRIVER_TIMEOUT_MS} ms.
 *
 * <p>Thread safety: {@link #connect}, {@link #reconnect} and {@link #close} are called by the owner's
 * thread, one at a time; the {@link Aeron} client is Aeron's, thread-safe. It owns the driver, its
 * directory and the current client, and closes them in that order reversed.
 */
public final class AeronSetup implements AutoCloseable {
    public static final int TERM_LENGTH = 16 * 1024 * 1024;
    public static final long CLIENT_LIVENESS_MS = 2_000;
    public static final long IMAGE_LIVENESS_MS = 2_000;
    public static final long DRIVER_TIMEOUT_MS = 3_000;
    /**
     * How long a closing client keeps its log buffers mapped after marking them closed. When the
     * driver goes away, the client's conductor thread closes the client by itself, while the
     * owner's thread may be inside a poll or an offer on those buffers: unmapped at once (Aeron's
     * default), that thread would fault on unmapped memory. Each explicit close waits this long
     * too.
     */
    public static final long CLOSE_LINGER_MS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(AeronSetup.class);

    private final MediaDriver driver;
    private final String aeronDirectoryName;
    private Aeron client;

    private AeronSetup(MediaDriver driver, String aeronDirectoryName) {
        this.driver = driver;
        this.aeronDirectoryName = aeronDirectoryName;
    }

    /** Starts a media driver in this process, in a new directory under {@code java.io.tmpdir}. */
    public static AeronSetup embedded() {
        return embedded(new File(System.getProperty("java.io.tmpdir"), "streamz4j-aeron-" + UUID.randomUUID()).getPath());
    }

    /**
     * Starts a media driver in this process in {@code dir}, which it deletes on start (a driver that
     * died there before leaves it behind) and on close; other processes share the driver by naming
     * the directory.
     */
    public static AeronSetup embedded(String dir) {
        if (dir == null || dir.isEmpty()) {
            throw new IllegalArgumentException("AeronSetup.embedded: dir is empty");
        }
        MediaDriver.Context context = new MediaDriver.Context()
                .aeronDirectoryName(dir)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .warnIfDirectoryExists(false)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(20, 10, TimeUnit.MICROSECONDS.toNanos(1),
                        TimeUnit.MILLISECONDS.toNanos(1)))
                .termBufferSparseFile(true)
                .ipcTermBufferLength(TERM_LENGTH)
                .publicationTermBufferLength(TERM_LENGTH)
                .clientLivenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(CLIENT_LIVENESS_MS))
                .publicationUnblockTimeoutNs(TimeUnit.MILLISECONDS.toNanos(CLIENT_LIVENESS_MS + 1_000))
                .imageLivenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(IMAGE_LIVENESS_MS))
                .timerIntervalNs(TimeUnit.MILLISECONDS.toNanos(100))
                .errorHandler(e -> LOG.warn("media driver in {}: {}", dir, e.toString()));
        return new AeronSetup(MediaDriver.launch(context), dir);
    }

    /** Uses the media driver already running in {@code aeronDir} (a standalone driver, or the coordinator's). */
    public static AeronSetup external(String aeronDir) {
        if (aeronDir == null || aeronDir.isEmpty()) {
            throw new IllegalArgumentException("AeronSetup.external: aeronDir is empty");
        }
        return new AeronSetup(null, aeronDir);
    }

    /** The driver's directory, which other processes name to share the driver (IPC needs one driver). */
    public String aeronDirectoryName() {
        return aeronDirectoryName;
    }

    /** Whether the driver runs in this process. */
    public boolean embeddedDriver() {
        return driver != null;
    }

    /**
     * The client, made on first call.
     *
     * @throws io.aeron.exceptions.DriverTimeoutException when no driver answers within
     *     {@value #DRIVER_TIMEOUT_MS} ms
     */
    public Aeron connect() {
        if (client == null || client.isClosed()) {
            client = Aeron.connect(new Aeron.Context()
                    .aeronDirectoryName(aeronDirectoryName)
                    .driverTimeoutMs(DRIVER_TIMEOUT_MS)
                    .closeLingerDurationNs(TimeUnit.MILLISECONDS.toNanos(CLOSE_LINGER_MS))
                    .errorHandler(e -> LOG.warn("aeron client of {}: {}", aeronDirectoryName, e.toString())));
        }
        return client;
    }

    /** Closes the current client (its publications and subscriptions with it) and makes a new one. */
    public Aeron reconnect() {
        closeClient();
        return connect();
    }

    private void closeClient() {
        Aeron old = client;
        client = null;
        if (old != null) {
            try {
                old.close();
            } catch (RuntimeException e) {
                // a client whose driver is gone may fail to say goodbye to it: it is closed all the same
                LOG.debug("closing the aeron client of {}: {}", aeronDirectoryName, e.toString());
            }
        }
    }

    /** Closes the client, then the embedded driver, then deletes its directory. */
    @Override
    public void close() {
        closeClient();
        if (driver != null) {
            driver.close();
            IoUtil.delete(new File(aeronDirectoryName), true);
        }
    }
}
