package io.streamz4j.transport.scatter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM the pool or the standalone driver starts: the command line (an optional launcher
 * prefix such as {@code ip netns exec ns}, this JVM's {@code java}, the JVM flags, the class path,
 * a main class and its arguments), its output appended to a log file, and the stop sequence
 * SIGTERM, wait, SIGKILL, wait.
 *
 * <p>Thread safety: not thread safe; its owner (a {@link WorkerPool} or a {@link StandaloneDriver})
 * calls it under its own lock. It starts no thread: output goes to the log file by redirection,
 * and waiting is {@link Process#waitFor(long, TimeUnit)} on the caller's thread.
 */
final class ChildJvm {
    /** How long a SIGKILLed process may take to be reaped; the kernel needs milliseconds. */
    private static final Duration REAP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code prefix java jvmFlags -cp classPath mainClass args}, stdout and stderr appended
     * to {@code log} (so a restarted child's output follows its predecessor's in the same file).
     */
    static ChildJvm start(List<String> prefix, List<String> jvmFlags, String classPath, String mainClass,
            List<String> args, Path log) {
        List<String> command = new ArrayList<>(prefix);
        command.add(javaExecutable());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "# " + String.join(" ", command) + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            return new ChildJvm(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", command), e);
        }
    }

    /** The java launcher of the running JVM, so children run on the same JDK. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** The exit status, or -1 while the process runs. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** SIGKILL, then waits until the kernel has reaped it, so it is gone when this returns. */
    void kill() {
        process.destroyForcibly();
        if (!awaitExit(REAP_TIMEOUT)) {
            throw new IllegalStateException("pid " + process.pid() + " still alive " + REAP_TIMEOUT + " after SIGKILL");
        }
    }

    /** SIGKILL without waiting: for a shutdown hook, which must not block the JVM's exit for long. */
    void killNow() {
        process.destroyForcibly();
    }

    /** SIGTERM without waiting, so several children stop at once. */
    void terminate() {
        process.destroy();
    }

    /** SIGTERM, up to {@code grace} for the child to exit by itself, then SIGKILL. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(grace)) {
            kill();
        }
    }

    /** Waits up to {@code timeout} for the exit; true when it has exited. */
    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the caller is being stopped: make sure the child does not outlive it
            process.destroyForcibly();
            return false;
        }
    }

    /** The last {@code lines} lines of the log, for a failing test's message. */
    String logTail(int lines) {
        return tail(log, lines);
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log " + file + ")";
            }
            List<String> all = Files.readAllLines(file);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + file + " unreadable: " + e + ")";
        }
    }
}
