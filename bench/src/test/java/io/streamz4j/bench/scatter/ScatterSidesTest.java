package io.streamz4j.bench.scatter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streamz4j.Stream;
import io.streamz4j.transport.scatter.IdleStrategies;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scatter suite is honest: over both channel kinds and in both measuring loops, the floor's
 * echo process returns every element unchanged and in order, and the scattered pipeline's results
 * are those of the same {@code map(INC)} run locally, element for element; and the harness
 * notices a side that returns anything else. Small counts, real processes (an echo JVM, two
 * worker JVMs), no timing asserted.
 */
class ScatterSidesTest {
    private static final int ROUND_TRIPS = 200;
    /** Results kept for the element-by-element comparison; the order check covers the rest. */
    private static final int KEPT = 200_000;

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void theEchoReturnsEveryElementUnchangedAndInOrder(String channel) {
        Results results = new Results(n -> n, KEPT);
        long sent = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (EchoSide echo = new EchoSide(Channel.parse(channel), IdleStrategies.DEFAULT, results)) {
                return measure(echo);
            }
        });
        assertEquals(sent, results.received(), channel + ": every element came back");
        assertEquals(0, results.mismatches(), channel + ": no element came back changed or out of order");
        assertArrayEquals(LongStream.range(0, Math.min(sent, KEPT)).toArray(), results.kept(),
                channel + ": the elements came back once each, in order");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void scatterGivesTheResultsOfTheSameMapRunLocally(String channel) {
        Results results = new Results(n -> n + 1, KEPT);
        long sent = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (ScatterSide scatter = new ScatterSide(Channel.parse(channel), IdleStrategies.DEFAULT, 2, 8,
                    results)) {
                return measure(scatter);
            }
        });
        List<Long> local = new ArrayList<>();
        Stream<Long> source = new Stream<>();
        source.map(BenchFunctions.INC).sink(local::add);
        for (long element = 0; element < Math.min(sent, KEPT); element++) {
            source.emit(element);
        }
        assertEquals(sent, results.received(), channel + ": every element came back");
        assertEquals(0, results.mismatches(), channel + ": every result is inc of its element, in scatter order");
        assertArrayEquals(local.stream().mapToLong(Long::longValue).toArray(), results.kept(),
                channel + ": the gathered results are the local map's, element for element");
    }

    @Test
    void aSideReturningOtherResultsIsCounted() {
        Results results = new Results(n -> n + 1, 4);
        results.accept(1);
        results.accept(2);
        results.accept(2);
        results.accept(5);
        assertEquals(4, results.received());
        assertEquals(2, results.mismatches(), "the third and fourth results differ from inc(2) and inc(3)");
    }

    /**
     * Both measuring loops, briefly: 100 ms of throughput with 8 in flight, then {@link #ROUND_TRIPS}
     * round trips; returns the elements sent, every one of which has come back by then.
     */
    private static long measure(RoundTripSide side) {
        RoundTrips measure = new RoundTrips(side, IdleStrategies.parse(IdleStrategies.DEFAULT));
        measure.throughput(8, 0, 100_000_000L);
        long before = measure.sent();
        Histogram latency = measure.latency(0, Long.MAX_VALUE / 2, ROUND_TRIPS);
        assertEquals(ROUND_TRIPS, latency.getTotalCount(), "every round trip recorded");
        assertEquals(before + ROUND_TRIPS, measure.sent(), "one element per round trip");
        return measure.sent();
    }
}
