package io.streamz4j;

import java.util.concurrent.CountDownLatch;

/**
 * The program {@link ExitDrainTest} runs in a JVM of its own: 50 elements go into a buffer(100)
 * whose consumer is held until the JVM has begun to exit, and then {@code main} returns, leaving
 * only the buffer's daemon thread. Each element delivered is printed on a line of its own.
 *
 * <p>Thread safety: main emits; the buffer's consumer prints.
 */
public final class BufferAtExitMain {
    private BufferAtExitMain() {
    }

    public static void main(String[] args) {
        CountDownLatch exiting = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(exiting::countDown, "test-exiting"));
        Stream<Integer> source = new Stream<>("exit");
        source.buffer(100).sink(x -> {
            try {
                exiting.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println(x);
        });
        for (int i = 0; i < 50; i++) {
            source.emit(i);
        }
    }
}
