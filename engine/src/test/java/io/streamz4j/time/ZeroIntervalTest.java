package io.streamz4j.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Stream;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Zero intervals. A node that emits every interval whatever arrives (timed_window,
 * timed_window_unique) would, with a zero interval, emit empty windows without pause for ever
 * (streamz's loop {@code while True: emit; sleep(0)}): it is refused at construction, naming the
 * node and the parameter, and nothing is left wired. Nodes that act only on elements keep
 * accepting zero as streamz does: delay(0) passes elements on at once, rate_limit(0) limits
 * nothing, partition with a zero timeout sends each partition out as soon as the loop runs.
 */
class ZeroIntervalTest {
    private final ManualTimeLoop time = new ManualTimeLoop("zero-interval-test");

    private static void refused(String node, Stream<Integer> source, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().startsWith(node + ": parameter 'interval' must be positive"), e.getMessage());
        assertEquals(List.of(), source.downstreams(), "a refused node stays connected");
    }

    @Test
    void periodicNodesRefuseAZeroInterval() {
        try (time) {
            Stream<Integer> s1 = time.source("tw");
            refused("timed_window", s1, () -> s1.timedWindow(Duration.ZERO));
            Stream<Integer> s2 = time.source("twu");
            refused("timed_window_unique", s2, () -> s2.timedWindowUnique(Duration.ZERO));
            Stream<Integer> s3 = time.source("twu-key");
            refused("timed_window_unique", s3, () -> s3.timedWindowUnique(Duration.ZERO, Function.identity(),
                    io.streamz4j.core.PartitionUnique.Keep.LAST));
        }
    }

    @Test
    void nodesThatActOnElementsAcceptAZeroInterval() {
        try (time) {
            Stream<Integer> source = time.source("zero");
            List<Integer> delayed = io.streamz4j.ThreadSafeSink.collect(source.delay(Duration.ZERO));
            List<Integer> limited = source.rateLimit(Duration.ZERO).sinkToList();
            List<List<Integer>> partitioned = io.streamz4j.ThreadSafeSink.collect(source.partition(5, Duration.ZERO));

            source.emit(1);
            source.emit(2);
            time.advance(0);

            assertEquals(List.of(1, 2), delayed);
            assertEquals(List.of(1, 2), limited);
            assertEquals(List.of(1, 2), partitioned.stream().flatMap(List::stream).toList());
        }
    }
}
