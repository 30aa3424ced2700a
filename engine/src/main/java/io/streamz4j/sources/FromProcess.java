package io.streamz4j.sources;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;
import io.streamz4j.Source;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.internal.Failures;
import io.streamz4j.runtime.internal.Receiver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * streamz's {@code from_process}: runs a command and emits each line of its standard output,
 * newline included, as it is written; with {@code withEnd}, also a last line without a newline;
 * with {@code withStderr}, standard error is merged into the lines (otherwise it goes to this
 * JVM's). When the process has closed its output and exited, the source stops itself, as in
 * streamz; a new {@link #start()} runs the command again.
 *
 * <p>Differences from streamz, which emits bytes: lines are {@link String}s decoded as UTF-8
 * (malformed bytes become U+FFFD); the process's standard input is closed at once (streamz lets it
 * inherit the parent's); and {@link #stop()} kills the process and the processes it started, by
 * their own handles (streamz leaves the process running).
 *
 * <p>Thread safety: {@link #start()}, {@link #stop()} and {@link #destroy()} from any thread.
 * Each start runs the process and a reader thread, {@code streamz4j-<name>-process} (made by the
 * pipeline's {@code Threads}; blocking reads need it even in invoker mode, where it comes from the
 * process default's factory), that reads
 * its output and posts each line to the pipeline's event loop; this source and every node below
 * run on the loop thread, so they keep a single writer, and a full loop inbox holds the reader
 * (and so the process) back. {@link #stop()} takes effect before the next line: lines read but not
 * yet emitted are dropped, the process is killed and the reader thread ends, after letting go of
 * the loop once the loop has dealt with its lines. Holds the process, the reader thread and one
 * partial line.
 */
public final class FromProcess extends Source<String> {
    private static final String KIND = "from_process";
    private static final long KILL_GRACE_MILLIS = 2_000;
    private static final long JOIN_MILLIS = 10_000;

    private final List<String> command;
    private final boolean withStderr;
    private final boolean withEnd;
    private final EventLoop loop;
    private final Object lifecycle = new Object();
    /** The reader of the current start; null while stopped. Written under {@code lifecycle}. */
    private volatile Reader current;

    /** A source running {@code command} whose lines go through a loop of its own. */
    public FromProcess(List<String> command, boolean withStderr, boolean withEnd) {
        super();
        this.command = checkedCommand(command);
        this.withStderr = withStderr;
        this.withEnd = withEnd;
        this.loop = pipelineLoop();
    }

    /** A source running {@code command} whose lines go through {@code loop}. */
    public FromProcess(List<String> command, boolean withStderr, boolean withEnd, EventLoop loop) {
        super(null, Arguments.requireNonNull(loop, KIND, "loop"));
        this.command = checkedCommand(command);
        this.withStderr = withStderr;
        this.withEnd = withEnd;
        this.loop = pipelineLoop();
    }

    /** A command given as one string, split into words as Python's {@code shlex.split} does. */
    public static List<String> splitCommand(String command) {
        return ShellWords.split(Arguments.requireNonNull(command, KIND, "command"));
    }

    private static List<String> checkedCommand(List<String> command) {
        Arguments.requireNonNull(command, KIND, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException(KIND + ": parameter 'command' must name a program");
        }
        for (String word : command) {
            Arguments.requireNonNull(word, KIND, "command");
        }
        return List.copyOf(command);
    }

    /** Starts the process and its reader thread; fails here, naming the command, if it cannot run. */
    @Override
    protected void launch() {
        synchronized (lifecycle) {
            if (!launchGoesOn()) {
                return;
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(withStderr);
            if (!withStderr) {
                builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException | RuntimeException e) {
                throw new UncheckedIOException(KIND + ": cannot run " + command + ": " + e.getMessage(),
                        e instanceof IOException io ? io : new IOException(e));
            }
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                reportFailure(null, e);
            }
            loop.acquire();
            Reader reader = new Reader(process, "streamz4j-" + pipelineName() + "-process");
            current = reader;
            reader.thread.start(); // under the lock, so a stop() racing this start finds the thread running
        }
    }

    /** Nothing runs here: each start's {@link Reader} reads the process output on its own thread. */
    @Override
    protected void run() {
        throw new IllegalStateException(KIND + " reads on its own reader thread");
    }

    /** Stops emitting, kills the process and the processes it started, and ends the reader thread. */
    @Override
    public void stop() {
        Reader stopping;
        synchronized (lifecycle) {
            super.stop();
            stopping = current;
            current = null;
        }
        if (stopping != null) {
            stopping.end();
        }
    }

    /** Loop thread: a reader's process is done and all its lines were emitted. */
    private void finished(Reader reader) {
        synchronized (lifecycle) {
            if (current == reader) {
                current = null;
                super.stop(); // the process ended: the source stops, as streamz's does
            }
        }
    }

    /** The loop that runs this source's emits and the nodes below. */
    public EventLoop loop() {
        return loop;
    }

    /** The command this source runs. */
    public List<String> command() {
        return command;
    }

    @Override
    protected Object downstreamDomain() {
        return loop;
    }

    @Override
    protected void onDestroy() {
        stop();
    }

    @Override
    protected String kind() {
        return KIND;
    }

    /**
     * One start's process and the thread that reads it. Each line it reads goes to the loop; the
     * loop emits it if this is still the current reader. When the output ends and the process has
     * exited (or been killed), the reader posts its end to the loop, after its lines, so the loop
     * is let go only once they are emitted.
     */
    private final class Reader implements Runnable, Receiver {
        private final Process process;
        private final Thread thread;
        private volatile boolean ending;

        Reader(Process process, String name) {
            this.process = process;
            this.thread = pipelineThreads().newThread(name, this);
        }

        /** The reader thread's work: reads the process output, line by line. */
        @Override
        public void run() {
            try (InputStream out = process.getInputStream()) {
                byte[] chunk = new byte[8192];
                byte[] line = new byte[256];
                int length = 0;
                int n;
                while (!ending && (n = out.read(chunk)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        if (length == line.length) {
                            line = Arrays.copyOf(line, length * 2);
                        }
                        line[length++] = chunk[i];
                        if (chunk[i] == '\n') {
                            hand(new String(line, 0, length, StandardCharsets.UTF_8));
                            length = 0;
                        }
                    }
                }
                if (withEnd && length > 0 && !ending) {
                    hand(new String(line, 0, length, StandardCharsets.UTF_8));
                }
                process.waitFor();
            } catch (IOException e) {
                if (!ending) {
                    reportFailure(null, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finish();
            }
        }

        /**
         * Posts the end of this run behind its lines, waits until the loop has handled it, then
         * lets go of the loop from this thread (so a loop left unused ends here, not from inside
         * its own duty cycle).
         */
        private void finish() {
            CountDownLatch handled = new CountDownLatch(1);
            loop.execute(() -> {
                finished(this);
                handled.countDown();
            });
            try {
                while (!handled.await(100, TimeUnit.MILLISECONDS)) {
                    if (!loop.isRunning()) {
                        break; // someone closed the loop: nothing will handle the end
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop.release();
        }

        private void hand(String line) {
            if (!ending) {
                loop.post(this, line, FromProcess.this, Metadata.NONE);
            }
        }

        /** Loop thread: emits a line, unless the source was stopped or destroyed since it was read. */
        @Override
        public void receive(Object line, Stream<?> who, List<Map<String, Object>> metadata) {
            if (current != this || isDestroyed()) {
                return;
            }
            try {
                emit((String) line);
            } catch (RuntimeException | Error e) {
                Failures.caught(KIND, FromProcess.this, line, e);
            }
        }

        /** Kills the process tree and waits for the reader, unless called where that could deadlock. */
        void end() {
            ending = true;
            List<ProcessHandle> started = process.descendants().toList();
            started.forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                    started.forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
                // The loop thread must not wait: the reader may be waiting for room in its inbox.
                if (Thread.currentThread() != thread && !loop.inLoopThread()) {
                    thread.join(JOIN_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
