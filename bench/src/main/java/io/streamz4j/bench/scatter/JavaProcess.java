package io.streamz4j.bench.scatter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A main of this class path run as a child JVM: this JVM's {@code java}, class path and module
 * flags ({@code --add-*}: Agrona 2 reaches the JDK's internal Unsafe through them), so the child
 * runs the same code as its parent. The child's stderr is the parent's; its stdout is read until
 * it prints {@code READY} (the main's promise that it is set up), then ignored. Its stdin stays
 * open: the child exits when it closes, so a parent that dies takes its children with it.
 *
 * <p>Thread safety: one thread starts and closes it.
 */
final class JavaProcess implements AutoCloseable {
    static final String READY = "READY";

    private final Process process;

    private JavaProcess(Process process) {
        this.process = process;
    }

    static JavaProcess start(Class<?> main, List<String> args, long readyTimeoutMillis) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-")) {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("scatter bench: cannot start " + main.getSimpleName(), e);
        }
        JavaProcess child = new JavaProcess(process);
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> awaitReady(process));
        try {
            if (!ready.get(readyTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("scatter bench: " + main.getSimpleName() + " exited before it was"
                        + " ready, status " + process.waitFor());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.close();
            throw new IllegalStateException("scatter bench: interrupted while starting " + main.getSimpleName(), e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            child.close();
            throw new IllegalStateException("scatter bench: " + main.getSimpleName() + " not ready in "
                    + readyTimeoutMillis + " ms", e);
        }
        return child;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Closes the child's stdin (its signal to exit), then SIGTERM, then SIGKILL; waits for it to end. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the pipe is already gone: the child has exited or is exiting
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitReady(Process process) {
        BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals(READY)) {
                    return true;
                }
                System.err.println(line);
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
