package io.streamz4j.transport.scatter;

import io.streamz4j.Stream;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.ROWS;
import static io.streamz4j.transport.scatter.CoordinatorTestFunctions.SYMBOLS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Arrow frames scattered and gathered (Arrow IPC on the wire): results equal the local run, and
 * the gathered frames are released once the nodes below gather returned, so the allocator closes
 * with nothing outstanding.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FrameScatterTest {

    @Test
    void framesTravelBothWaysAndNothingLeaks() throws Exception {
        Schema schema = Schema.builder().add("sym", ColumnType.STRING).add("qty", ColumnType.LONG).build();
        try (BufferAllocator allocator = new RootAllocator()) {
            try (Cluster cluster = Cluster.start(ClusterOptions.defaults().frames(allocator)
                    .library(CoordinatorTestFunctions.class.getName()));
                    TestWorkers workers = TestWorkers.start(cluster, 2)) {
                assertTrue(cluster.awaitWorkers(2, Duration.ofMinutes(2)));
                Stream<Frame> source = new Stream<>();
                List<Long> rows = source.scatter().map(ROWS).buffer(4).gather().sinkToList();
                Stream<Frame> second = new Stream<>();
                List<List<Map<String, Object>>> symbols = new ArrayList<>();
                ((ScatteredStream<Frame>) second.scatter()).map(SYMBOLS).gather()
                        .sink(frame -> symbols.add(frame.toRecords()));
                List<Long> expectedRows = new ArrayList<>();
                List<List<Map<String, Object>>> expectedSymbols = new ArrayList<>();
                for (int n = 1; n <= 20; n++) {
                    List<Object[]> data = new ArrayList<>();
                    for (long i = 0; i < n; i++) {
                        data.add(new Object[] {"s" + i, i});
                    }
                    try (Frame frame = Frame.fromRows(schema, data, allocator)) {
                        expectedRows.add(ROWS.apply(frame));
                        try (Frame local = SYMBOLS.apply(frame)) {
                            expectedSymbols.add(local.toRecords());
                        }
                        source.emit(frame);
                        second.emit(frame);
                    }
                }
                assertTrue(cluster.awaitDrained(Duration.ofMinutes(1)));
                assertEquals(expectedRows, rows);
                assertEquals(expectedSymbols, symbols);
                source.close();
                second.close();
            }
            assertEquals(0, allocator.getAllocatedMemory(), "every frame gathered was released");
        }
    }
}
