package io.streamz4j.bench.scatter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The two channel kinds the suite runs on: {@code ipc} (Aeron's shared-memory log, one host) and
 * {@code udp} (unicast over the loopback interface, the path between hosts without the wire).
 *
 * <p>Thread safety: stateless.
 */
enum Channel {
    IPC,
    UDP;

    static Channel parse(String name) {
        switch (name) {
            case "ipc":
                return IPC;
            case "udp":
                return UDP;
            default:
                throw new IllegalArgumentException("scatter bench: parameter 'channel' must be ipc or udp, got '"
                        + name + "'");
        }
    }

    /**
     * A channel for one direction: {@code aeron:ipc}, or a UDP endpoint on 127.0.0.1 at a port
     * that was free a moment ago (Aeron needs a concrete port to send to; the moment between
     * closing the probe and Aeron binding the port is the usual race, harmless on a test host).
     */
    String newEndpoint() {
        if (this == IPC) {
            return "aeron:ipc";
        }
        return "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static int freeUdpPort() {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("scatter bench: no free UDP port on the loopback interface", e);
        }
    }
}
