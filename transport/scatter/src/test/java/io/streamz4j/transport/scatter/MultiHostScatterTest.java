package io.streamz4j.transport.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several hosts, simulated: two network namespaces joined by a veth pair ({@link NetworkNamespaces}),
 * the coordinator in {@code s4j-coord} (10.77.0.1), a standalone media driver and the workers in
 * {@code s4j-workers} (10.77.0.2), talking over UDP unicast across the pair and nothing else.
 *
 * <p>How: a JVM cannot enter a network namespace (setns applies to one thread, and the JVM's
 * threads and sockets already exist), so the coordinator runs in a child JVM started with
 * {@code ip netns exec s4j-coord java ... MultiHostCoordinatorMain}. That process starts the
 * standalone driver and the workers in the other namespace through the launcher prefix
 * {@code ip netns exec s4j-workers} (which execs, so each pid is the java process itself), kills
 * and restarts workers mid-stream, and prints what it gathered; this test compares each run with
 * the same pipeline run here in process, element for element. Every process started is checked
 * gone afterwards, both namespaces are checked empty of processes ({@code ip netns pids}), and the
 * namespaces are removed after the class even when it fails (and at the start, if a crashed
 * earlier run left them).
 *
 * <p>It needs root and iproute2's {@code ip} (as the tests and CI run here); without them it fails
 * saying so, it is never skipped.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MultiHostScatterTest {
    private static final Duration RUN = Duration.ofSeconds(280);
    private static NetworkNamespaces namespaces;

    @TempDir
    static Path logs;

    @BeforeAll
    static void createNamespaces() {
        namespaces = NetworkNamespaces.create();
    }

    @AfterAll
    static void removeNamespaces() {
        try {
            // a coordinator that failed may have left processes in the namespaces: they are the test's own
            for (String namespace : List.of(NetworkNamespaces.COORDINATOR_NS, NetworkNamespaces.WORKER_NS)) {
                for (long pid : NetworkNamespaces.pids(namespace)) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } finally {
            namespaces.close();
        }
        List<String> left = NetworkNamespaces.list();
        assertFalse(left.contains(NetworkNamespaces.COORDINATOR_NS) || left.contains(NetworkNamespaces.WORKER_NS),
                "namespaces removed: " + left);
    }

    @Test
    void workersInAnotherNamespaceOverUdpAreKilledAndRestartedAndResultsEqualTheInProcessRun() throws IOException {
        Path output = logs.resolve("coordinator.log");
        ChildJvm coordinator = ChildJvm.start(NetworkNamespaces.exec(NetworkNamespaces.COORDINATOR_NS),
                WorkerPoolOptions.projectJvmFlags(), System.getProperty("java.class.path"),
                MultiHostCoordinatorMain.class.getName(), List.of(logs.toString(), "40123", "40200"), output);
        try {
            assertTrue(coordinator.awaitExit(RUN), "the coordinator finished within " + RUN + System.lineSeparator()
                    + coordinator.logTail(60));
        } finally {
            // SIGTERM first: its shutdown hooks stop the workers and the driver it started
            coordinator.stop(Duration.ofSeconds(10));
        }
        String log = Files.readString(output);
        assertEquals(0, coordinator.exitCode(), "the coordinator's run: " + log + System.lineSeparator() + tails());

        Map<String, List<String>> results = results(log);
        int n = MultiHostCoordinatorMain.ELEMENTS;
        assertEquals(strings(ScatterRuns.chainInProcess(ScatterRuns.inputs(MultiHostCoordinatorMain.CHAIN_SEED, n))),
                results.get("chain-kill"), "worker 0 SIGKILLed mid-stream");
        assertEquals(strings(ScatterRuns.keyedSumInProcess(ScatterRuns.inputs(MultiHostCoordinatorMain.KEYED_SEED, n))),
                results.get("keyed-kill"), "worker 1 SIGKILLed mid-stream, its keys' state moved");
        assertEquals(strings(ScatterRuns.chainInProcess(ScatterRuns.inputs(MultiHostCoordinatorMain.AFTER_RESTARTS_SEED, n))),
                results.get("after-restarts"), "both workers restarted");
        assertTrue(line(log, "RESENDS ").map(Long::parseLong).orElse(0L) > 0,
                "the killed workers had elements in flight, resent: " + log);
        for (String worker : log.lines().filter(l -> l.startsWith("WORKER ")).toList()) {
            assertTrue(worker.contains("live=true") && !worker.contains(" in=0"), "a restarted worker took work: " + worker);
        }

        for (String pid : line(log, "PIDS ").orElseThrow().trim().split(" ")) {
            assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false),
                    "process " + pid + " (a worker or the driver) gone");
        }
        assertEquals(List.of(), NetworkNamespaces.pids(NetworkNamespaces.WORKER_NS), "no process left among the workers");
        assertEquals(List.of(), NetworkNamespaces.pids(NetworkNamespaces.COORDINATOR_NS), "no process left by the coordinator");
    }

    private static Map<String, List<String>> results(String log) {
        Map<String, List<String>> results = new HashMap<>();
        for (String line : log.lines().filter(l -> l.startsWith("RESULT ")).toList()) {
            String[] parts = line.split(" ", 3);
            results.put(parts[1], parts.length < 3 || parts[2].isEmpty() ? List.of() : Arrays.asList(parts[2].split(",")));
        }
        return results;
    }

    private static Optional<String> line(String log, String prefix) {
        return log.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst();
    }

    private static List<String> strings(List<Object> values) {
        List<String> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(String.valueOf(v)));
        return out;
    }

    private static String tails() throws IOException {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path file : files.sorted().toList()) {
                out.append("---- ").append(file).append(System.lineSeparator()).append(ChildJvm.tail(file, 30))
                        .append(System.lineSeparator());
            }
        }
        return out.toString();
    }
}
