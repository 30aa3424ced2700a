package io.streamz4j.transport.scatter;

import io.streamz4j.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.INC;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.MAX;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.SUM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a scattered stream accepts and refuses, checked when the pipeline is built (no worker needed). */
class ScatteredStreamTest {
    private Cluster cluster;
    private Stream<Long> source;

    @BeforeEach
    void start() {
        cluster = Cluster.start(ClusterOptions.defaults().library(CoordinatorTestFunctions.class.getName()));
        source = new Stream<>();
    }

    @AfterEach
    void stop() {
        source.destroy();
        cluster.close();
    }

    private static void assertRefused(Class<? extends RuntimeException> type, String expected, Executable build) {
        RuntimeException error = assertThrows(type, build);
        assertTrue(error.getMessage().contains(expected), "'" + expected + "' not in: " + error.getMessage());
    }

    @Test
    void streamScatterBuildsTheTransportsPluginOnTheDefaultCluster() {
        Stream<Long> scattered = source.scatter();
        assertInstanceOf(ScatterNode.class, scattered);
        assertSame(source, scattered.upstream());
        assertInstanceOf(ScatterNode.class, source.scatter(x -> x % 3));
        assertSame(cluster, Cluster.defaultCluster());
    }

    @Test
    void withoutAClusterScatterSaysToStartOne() {
        cluster.close();
        assertRefused(IllegalStateException.class, "Cluster.start", () -> source.scatter());
    }

    @Test
    void aFunctionThatIsNotARegisteredRemoteFunctionIsRefusedNamingTheOperator() {
        ScatteredStream<Long> scattered = cluster.scatter(source);
        assertRefused(IllegalArgumentException.class, "scatter: map's function must be a RemoteFunction",
                () -> scattered.map(x -> x + 1));
        assertRefused(IllegalArgumentException.class, "scatter: filter's function must be a RemoteFunction",
                () -> scattered.filter(x -> true));
        assertRefused(IllegalArgumentException.class, "RemoteFunction.map, got starmap 'coord-test.add'",
                () -> scattered.map(wrongKind()));
        assertRefused(IllegalArgumentException.class, "starmapN", () -> scattered.starmap((Long a, Long b) -> a + b));
        assertEquals(List.of(), scattered.downstreams(), "a refused step is not connected");
        ScatteredStream<Long> step = scattered.map(RemoteFunction.map("coord-test.nowhere", (Long x) -> x));
        assertRefused(IllegalArgumentException.class, "function 'coord-test.nowhere' is not registered", step::gather);
        assertEquals(List.of(), step.downstreams(), "a refused gather is not connected");
    }

    /** A starmap function where a map's is expected. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Function<Long, Long> wrongKind() {
        return (Function) CoordinatorTestFunctions.ADD;
    }

    @Test
    void accumulateNeedsTheRegisteredStart() {
        ScatteredStream<Long> scattered = cluster.scatter(source);
        assertRefused(IllegalArgumentException.class, "parameter 'start'", () -> scattered.accumulate(SUM, 5L));
        assertRefused(IllegalArgumentException.class, "accumulate(f) without a start",
                () -> scattered.accumulate((java.util.function.BiFunction<Long, Long, Long>) MAX, 0L));
        assertInstanceOf(ScatteredStream.class, scattered.accumulate(SUM, 0L));
    }

    @Test
    void bufferChecksItsSizeAndComesOncePerChain() {
        ScatteredStream<Long> scattered = cluster.scatter(source);
        assertRefused(IllegalArgumentException.class, "buffer: parameter 'n' must be positive", () -> scattered.buffer(0));
        ScatteredStream<Long> buffered = scattered.map(INC).buffer(8);
        assertRefused(IllegalArgumentException.class, "already has buffer(8)", () -> buffered.map(INC).buffer(4));
        assertEquals("<buffer: 8>", buffered.toString());
    }

    @Test
    void aScatteredStreamFeedsOneChainAndOtherOperatorsMustGatherFirst() {
        ScatteredStream<Long> scattered = cluster.scatter(source);
        scattered.map(INC);
        assertRefused(IllegalArgumentException.class, "gather() first", () -> scattered.map(INC));
        ScatteredStream<Long> other = cluster.scatter(new Stream<Long>());
        assertRefused(UnsupportedOperationException.class, "gather() first", () -> other.slidingWindow(2));
        assertRefused(UnsupportedOperationException.class, "gather() first", other::sinkToList);
        assertRefused(UnsupportedOperationException.class, "gather() first", () -> other.zip(new Stream<Long>()));
        assertRefused(UnsupportedOperationException.class, "gather() first", () -> other.connect(new Stream<>()));
        assertEquals(List.of(), other.downstreams(), "nothing refused was connected");
        Stream<Long> gathered = other.map(INC).gather();
        assertEquals("<gather>", gathered.toString());
        assertRefused(IllegalArgumentException.class, "gather() first", other::gather);
        other.upstream().destroy();
    }

    @Test
    void emittingBeforeTheChainEndsInGatherIsRefused() {
        cluster.scatter(source).map(INC);
        assertRefused(IllegalStateException.class, "no gather() yet", () -> source.emit(1L));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anElementNoCodecTakesFailsAtOnceEvenWithoutAWorker() {
        Stream<Object> objects = new Stream<>();
        ScatterNode scatter = (ScatterNode) objects.scatter();
        scatter.map(INC).gather();
        assertThrows(IllegalArgumentException.class, () -> objects.emit(new Object()));
        assertEquals(0, scatter.inFlight(), "nothing was sent");
        assertEquals(1, scatter.errorCount(), "the scatter node reported it");
        objects.destroy();
    }

    @Test
    void aClosedClusterStopsAWaitingProducer() {
        source.scatter().map(INC).gather();
        cluster.close(); // no worker ever joined: the element would wait for one
        assertRefused(IllegalStateException.class, "closed", () -> source.emit(1L));
    }

    @Test
    void optionsCheckTheirArgumentsNamingThem() {
        ClusterOptions options = ClusterOptions.defaults();
        assertRefused(IllegalArgumentException.class, "'idleStrategy'", () -> options.idleStrategy("spinny"));
        assertRefused(IllegalArgumentException.class, "'controlChannel'", () -> options.controlChannel("udp://x"));
        assertRefused(IllegalArgumentException.class, "'workerTimeout'", () -> options.workerTimeout(Duration.ZERO));
        assertRefused(IllegalArgumentException.class, "'maxAttempts'", () -> options.maxAttempts(0));
        assertRefused(IllegalArgumentException.class, "'clock'", () -> options.clock(null));
        assertEquals("backoff", options.idleStrategy());
        assertEquals(3, options.maxAttempts());
    }
}
