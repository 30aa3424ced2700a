package io.streamz4j.checkpoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: a {@link JournalChild} in a child JVM with the flags {@link CrashTest#jvmFlags()}
 * gives (minus any a test leaves out), its output collected line by line.
 *
 * <p>Thread safety: one test thread; a daemon thread reads the child's output.
 */
final class ChildProcess implements AutoCloseable {
    final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);

    private ChildProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "journal-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code JournalChild mode dir} with the parent's flags except those in {@code leaveOut}. */
    static ChildProcess start(String mode, Path dir, List<String> leaveOut) throws IOException {
        List<String> command = CrashTest.javaCommand(JournalChild.class, leaveOut, mode, dir.toString());
        return new ChildProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                }
                if (line.equals("READY")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // killed mid-line: nothing more to read
        } finally {
            ended.countDown();
        }
    }

    /** Waits (bounded) until the child printed READY; false if it did not. */
    boolean awaitReady() throws InterruptedException {
        return ready.await(60, TimeUnit.SECONDS);
    }

    /** Waits (bounded) until the child's output ends, and returns all of it. */
    String awaitOutput() throws InterruptedException {
        ended.await(60, TimeUnit.SECONDS);
        return output();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** Kills the child with SIGKILL and waits for it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
