package io.streamz4j.bench;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * An executor whose one thread busy-spins for work: what RxJava's and Reactor's schedulers run on
 * in the busy-spin benchmarks, to match a ring consumer with a busy-spin wait strategy.
 *
 * <p>Thread safety: {@link #execute} from any thread; tasks run on the thread
 * {@code bench-spin-<name>}, which {@link #close} ends.
 */
public final class SpinningExecutor implements Executor, AutoCloseable {
    /** RxJava and Reactor queue their own work and hand the executor one drain task at a time. */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    public SpinningExecutor(String name) {
        thread = new Thread(this::run, "bench-spin-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void execute(Runnable task) {
        if (!running) {
            throw new RejectedExecutionException("spinning executor is closed");
        }
        tasks.offer(task);
    }

    private void run() {
        while (running) {
            Runnable task = tasks.poll();
            if (task != null) {
                task.run();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
