package io.streamz4j.transport.scatter;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Worker processes for the coordinator's end-to-end tests, started as the documented command line
 * says: this JVM's java and class path, the JVM's own module flags, {@code --aeron-dir} of the
 * cluster's embedded driver and the test library. Each worker's output goes to a file under
 * {@code target/}, for diagnosis. {@link #close()} kills whatever is still running, by pid.
 */
final class TestWorkers implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Cluster cluster;

    TestWorkers(Cluster cluster) {
        this.cluster = cluster;
    }

    static TestWorkers start(Cluster cluster, int n) throws Exception {
        TestWorkers workers = new TestWorkers(cluster);
        try {
            for (int i = 0; i < n; i++) {
                workers.startOne();
            }
        } catch (Exception | Error e) {
            workers.close();
            throw e;
        }
        return workers;
    }

    Process startOne() throws Exception {
        return startOne(true);
    }

    /** A worker with the test library, or (false) with none: it lacks every test function. */
    Process startOne(boolean withLibrary) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-") || flag.startsWith("-Dchronicle")) {
                command.add(flag);
            }
        }
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "io.streamz4j.transport.scatter.Worker",
                "--control-channel", cluster.controlChannel(),
                "--aeron-dir", cluster.aeronDirectory(),
                "--name", "coord-test-" + processes.size()));
        if (withLibrary) {
            command.addAll(List.of("--library", CoordinatorTestFunctions.class.getName()));
        }
        File log = Files.createDirectories(Path.of("target", "worker-logs"))
                .resolve("coord-worker-" + ProcessHandle.current().pid() + "-" + processes.size() + ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        processes.add(process);
        return process;
    }

    List<Process> processes() {
        return processes;
    }

    /** Waits for every worker to exit by itself (after SHUTDOWN); false if one is still running after the timeout. */
    boolean awaitExit(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (Process process : processes) {
            long left = deadline - System.nanoTime();
            if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** Kills every worker still running, by pid, and waits for it. */
    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        for (Process process : processes) {
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
