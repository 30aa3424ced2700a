package io.streamz4j.transport.scatter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair, the simulated two hosts of the multi-host tests:
 * {@code s4j-coord} holds {@value #COORDINATOR_ADDRESS}/30 and {@code s4j-workers}
 * {@value #WORKER_ADDRESS}/30, each with its loopback up. Nothing outside loopback and these two
 * namespaces is touched: the veth pair is created inside them and disappears with them.
 *
 * <p>{@link #create()} first removes what a crashed earlier run left (the same names) and fails
 * with a message saying what is missing when {@code ip netns} does not work (the tests run as
 * root; there is no skip). {@link #close()} deletes both namespaces, the veth pair with them.
 *
 * <p>Thread safety: the test thread only.
 */
final class NetworkNamespaces implements AutoCloseable {
    static final String COORDINATOR_NS = "s4j-coord";
    static final String WORKER_NS = "s4j-workers";
    static final String COORDINATOR_ADDRESS = "10.77.0.1";
    static final String WORKER_ADDRESS = "10.77.0.2";
    private static final String COORDINATOR_VETH = "s4j-vc";
    private static final String WORKER_VETH = "s4j-vw";

    private NetworkNamespaces() {
    }

    static NetworkNamespaces create() {
        removeLeftovers();
        NetworkNamespaces namespaces = new NetworkNamespaces();
        try {
            ip("netns", "add", COORDINATOR_NS);
            ip("netns", "add", WORKER_NS);
            ip("link", "add", COORDINATOR_VETH, "netns", COORDINATOR_NS, "type", "veth",
                    "peer", "name", WORKER_VETH, "netns", WORKER_NS);
            configure(COORDINATOR_NS, COORDINATOR_VETH, COORDINATOR_ADDRESS);
            configure(WORKER_NS, WORKER_VETH, WORKER_ADDRESS);
            return namespaces;
        } catch (RuntimeException | Error e) {
            namespaces.close();
            throw e;
        }
    }

    /** {@code ip netns exec <namespace>}: the words that start a command inside it. */
    static List<String> exec(String namespace) {
        return List.of("ip", "netns", "exec", namespace);
    }

    /** The namespaces that exist now, as {@code ip netns list} names them. */
    static List<String> list() {
        List<String> names = new ArrayList<>();
        for (String line : ip("netns", "list").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.trim().split(" ")[0]);
            }
        }
        return names;
    }

    /** The processes in {@code namespace} ({@code ip netns pids}). */
    static List<Long> pids(String namespace) {
        List<Long> pids = new ArrayList<>();
        for (String line : ip("netns", "pids", namespace).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    @Override
    public void close() {
        removeLeftovers();
    }

    private static void configure(String namespace, String veth, String address) {
        ip("-n", namespace, "link", "set", "lo", "up");
        ip("-n", namespace, "addr", "add", address + "/30", "dev", veth);
        ip("-n", namespace, "link", "set", veth, "up");
    }

    private static void removeLeftovers() {
        List<String> present = list();
        for (String namespace : List.of(COORDINATOR_NS, WORKER_NS)) {
            if (present.contains(namespace)) {
                ip("netns", "delete", namespace);
            }
        }
    }

    /** Runs {@code ip args}, fails with its output unless it exits 0; returns its output. */
    static String ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 30 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "): " + output.strip() + "; the multi-host tests need iproute2's ip with network"
                        + " namespace support and root (CAP_SYS_ADMIN, CAP_NET_ADMIN)");
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + " (" + e.getMessage()
                    + "): the multi-host tests need iproute2's ip (apt-get install iproute2) and root", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }
}
