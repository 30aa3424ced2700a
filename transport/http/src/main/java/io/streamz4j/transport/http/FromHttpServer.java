package io.streamz4j.transport.http;

import com.sun.net.httpserver.HttpServer;
import io.streamz4j.Arguments;
import io.streamz4j.sources.QueueFedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * streamz's {@code from_http_server}: an HTTP server (the JDK's {@link HttpServer}) whose POST
 * bodies, to a path matching the regular expression {@code path}, are emitted as {@code byte[]}.
 * Unlike streamz, the source is bounded: bodies wait in a queue of
 * {@link HttpOptions#queueCapacity()}, and when it is full a request is answered 503 with
 * {@code Retry-After} at once, instead of the queue growing or the client waiting; bodies over
 * {@link HttpOptions#maxBodySize()}, other methods and other paths are refused too (see
 * {@link PostHandler}), each with a log line and a count in {@link #metrics()}. By default the
 * server listens on the loopback address only.
 *
 * <p>Thread safety: {@link #start()} and {@link #stop()} from any thread. A start binds the port
 * (on the starting thread; a port in use fails the start) and starts the server: the JDK's
 * dispatcher thread, a pool of {@link HttpOptions#handlerThreads()} threads
 * {@code streamz4j-<name>-http-handler-<n>} with at most {@link HttpOptions#maxPending()} requests
 * waiting for them (more are closed unanswered), the thread {@code streamz4j-<name>-http-deadline-1}
 * that disconnects a client slower than {@link HttpOptions#requestTimeout()} (see
 * {@link RequestDeadlines}), and the consumer thread {@code streamz4j-<name>-http} that emits the bodies
 * and runs every node below (see {@link QueueFedSource}). {@link #stop()} stops the server (its
 * sockets closed, its dispatcher ended), ends the handler threads, then emits what the queue holds
 * before returning: a body answered 200 is never lost. A request cut off by the stop may have been
 * queued without its answer reaching the client, which may then send it again. Retains the queue
 * and, per request being handled, its body.
 */
public final class FromHttpServer extends QueueFedSource<byte[], byte[]> {
    static final String KIND = "from_http_server";
    /** streamz's default: every path. */
    static final String DEFAULT_PATH = "/.*";
    private static final Logger LOG = LoggerFactory.getLogger(FromHttpServer.class);
    private static final long JOIN_SECONDS = 10;

    private final int requestedPort;
    private final Pattern path;
    private final HttpOptions options;
    private final BlockingQueue<byte[]> queue;
    private final HttpMetrics metrics = new HttpMetrics();
    /** The server and its handler pool of the current start; null while stopped. Written by start and stop. */
    private volatile HttpServer server;
    private volatile ThreadPoolExecutor handlers;
    private volatile ScheduledThreadPoolExecutor watchdog;
    /**
     * Every thread the current start's pools made: an executor's termination is signalled by its
     * last worker before that thread has ended, so a stop joins them too, and returns with none alive.
     */
    private final List<Thread> poolThreads = new CopyOnWriteArrayList<>();
    private volatile int boundPort = -1;

    /** Listens on {@code port} for POSTs to every path (streamz's default). */
    public FromHttpServer(int port) {
        this(port, DEFAULT_PATH);
    }

    /** Listens on {@code port} for POSTs to a path matching the regular expression {@code path}. */
    public FromHttpServer(int port, String path) {
        this(port, path, HttpOptions.defaults());
    }

    /**
     * Listens on {@code port} (0: a free port, see {@link #port()}) for POSTs to a path matching the
     * regular expression {@code path} as a whole, with {@code options}.
     *
     * @throws IllegalArgumentException naming from_http_server and the parameter, for a port
     *                                  outside 0..65535, a null or invalid regular expression
     */
    public FromHttpServer(int port, String path, HttpOptions options) {
        this(checkedQueue(port, options), port, compile(path), options);
    }

    private FromHttpServer(BlockingQueue<byte[]> queue, int port, Pattern path, HttpOptions options) {
        super(null, queue, "http");
        this.queue = queue;
        this.requestedPort = port;
        this.path = path;
        this.options = options;
    }

    /** Validates port and options, then makes the queue (a constructor's first statement can do only one thing). */
    private static BlockingQueue<byte[]> checkedQueue(int port, HttpOptions options) {
        require(port >= 0 && port <= 65_535, "port", "must be in 0..65535, was " + port);
        require(options != null, "options", "must not be null");
        return new ArrayBlockingQueue<>(options.queueCapacity());
    }

    private static Pattern compile(String path) {
        require(path != null, "path", "must not be null");
        try {
            return Pattern.compile(path);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(KIND + ": parameter 'path' is not a regular expression: "
                    + e.getMessage(), e);
        }
    }

    static void require(boolean ok, String parameter, String problem) {
        Arguments.require(ok, KIND, parameter, problem);
    }

    /** The port the server listens on: the bound one while started (also when 0 was asked for), the last bound one after a stop, -1 before the first start. */
    public int port() {
        return boundPort;
    }

    /** The counters: bodies accepted, requests refused by reason. */
    public HttpMetrics metrics() {
        return metrics;
    }

    /** Bodies waiting in the queue now (at most {@link HttpOptions#queueCapacity()}). */
    public int queued() {
        return queue.size();
    }

    public HttpOptions options() {
        return options;
    }

    @Override
    protected void startIntake() {
        String label = KIND + " " + pipelineName();
        HttpServer created;
        try {
            created = HttpServer.create(new InetSocketAddress(options.bindAddress(), requestedPort), options.maxPending());
        } catch (IOException e) {
            throw new UncheckedIOException(KIND + ": cannot listen on " + options.bindAddress().getHostAddress()
                    + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(options.handlerThreads(), options.handlerThreads(),
                0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(options.maxPending()),
                threadFactory("streamz4j-" + pipelineName() + "-http-handler-"), overloaded(label));
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
                threadFactory("streamz4j-" + pipelineName() + "-http-deadline-"));
        deadlines.setRemoveOnCancelPolicy(true); // a request answered in time leaves nothing behind
        RequestDeadlines limits = new RequestDeadlines(label, deadlines, options.requestTimeout().toMillis(), metrics);
        created.setExecutor(work -> pool.execute(limits.wrap(work)));
        created.createContext("/", new PostHandler(label, path, options, queue, metrics));
        created.start();
        server = created;
        handlers = pool;
        watchdog = deadlines;
        boundPort = created.getAddress().getPort();
        LOG.info("{}: listening on {} for POST {}", label, created.getAddress(), path);
    }

    private ThreadFactory threadFactory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = pipelineThreads().newThread(prefix + count.incrementAndGet(), work);
            poolThreads.add(thread);
            return thread;
        };
    }

    /**
     * Refuses a request no handler can take: counted and logged, then rejected, on which the JDK's
     * server closes its connection and goes on serving.
     */
    private RejectedExecutionHandler overloaded(String label) {
        return (work, pool) -> {
            if (!pool.isShutdown()) {
                metrics.countRefused(HttpRefusal.OVERLOADED);
                LOG.warn("{}: closed a connection unanswered: {} ({} handlers, {} requests waiting)", label,
                        HttpRefusal.OVERLOADED.description(), options.handlerThreads(), options.maxPending());
            }
            throw new RejectedExecutionException(label + ": " + HttpRefusal.OVERLOADED.description());
        };
    }

    /** Stops the server, then waits for the handlers: after it returns nothing more is put. */
    @Override
    protected void stopIntake() {
        HttpServer stopping = server;
        ThreadPoolExecutor pool = handlers;
        ScheduledThreadPoolExecutor deadlines = watchdog;
        server = null;
        handlers = null;
        watchdog = null;
        if (stopping != null) {
            stopping.stop(0); // closes the listening socket and every connection, and ends the dispatcher
        }
        if (pool != null) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(JOIN_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warn("{} {}: handler threads still run {} s after stop()", KIND, pipelineName(), JOIN_SECONDS);
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
            }
        }
        if (deadlines != null) {
            deadlines.shutdownNow(); // after the handlers: no request is left to time out
            awaitQuietly(deadlines);
        }
        joinPoolThreads();
    }

    private void joinPoolThreads() {
        try {
            for (Thread thread : poolThreads) {
                thread.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poolThreads.clear();
    }

    private void awaitQuietly(ScheduledThreadPoolExecutor deadlines) {
        try {
            deadlines.awaitTermination(JOIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void deliver(byte[] body) {
        emit(body);
    }

    @Override
    protected boolean drainsOnStop() {
        return true;
    }

    @Override
    protected String kind() {
        return KIND;
    }

    @Override
    protected String parameter() {
        return String.valueOf(requestedPort);
    }
}
