package io.streamz4j.frame;

import io.streamz4j.Source;
import io.streamz4j.Stream;
import io.streamz4j.frame.groupby.GroupResult;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ports of streamz/tests/test_batch.py, and the Collections page's line-delimited-JSON example end to end. */
class BatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private static Map<String, Object> record(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Mirrors test_batch.py::test_core: pluck, map, sum. */
    @Test
    void test_core() {
        Stream<List<Map<String, Object>>> source = new Stream<>();
        Batch<Map<String, Object>> a = Batch.of(source, null);
        List<Double> out = a.pluck("x").map(x -> ((Number) x).longValue() + 1).sum().sinkToList();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(record("x", (long) i, "y", 0L));
        }
        source.emit(batch);
        assertEquals(List.of(1.0 + 2 + 3 + 4), out);
        source.emit(List.of(record("x", 10L, "y", 0L)));
        assertEquals(1.0 + 2 + 3 + 4 + 11, out.get(1), "the sum runs on over batches");
        assertThrows(IllegalArgumentException.class, () -> source.emit(List.of(record("y", 1L))),
                "a record without the plucked key is refused");
    }

    /** Mirrors test_batch.py::test_filter (with to_stream). */
    @Test
    void test_filter() {
        Stream<List<Long>> source = new Stream<>();
        List<Long> out = Batch.of(source, 0L).filter(x -> x % 2 == 0).toStream().sinkToList();
        source.emit(List.of(1L, 2L, 3L, 4L));
        source.emit(List.of(5L, 6L));
        assertEquals(List.of(2L, 4L, 6L), out);
    }

    /** Mirrors test_batch.py::test_dataframes: map records, to_dataframe, frames of the batches. */
    @Test
    void test_dataframes() {
        Stream<List<Map<String, Object>>> source = new Stream<>();
        Schema xyz = Schema.builder().add("x", ColumnType.LONG).add("y", ColumnType.LONG).add("z", ColumnType.LONG)
                .build();
        DataFrame sdf = Batch.of(source, record("x", 0L, "y", 0L)).map(d -> {
            Map<String, Object> m = new LinkedHashMap<>(d);
            m.put("z", (Long) d.get("x") + (Long) d.get("y"));
            return m;
        }).toDataFrame(xyz, allocator);
        List<List<Map<String, Object>>> frames = sdf.stream().map(Frame::toRecords).sinkToList();
        List<Map<String, Object>> data = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            data.add(record("x", i, "y", 2 * i));
        }
        for (int i = 0; i < data.size(); i += 3) {
            source.emit(data.subList(i, Math.min(i + 3, data.size())));
        }
        List<Map<String, Object>> all = new ArrayList<>();
        frames.forEach(all::addAll);
        assertEquals(4, frames.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(record("x", (long) i, "y", 2L * i, "z", 3L * i), all.get(i));
        }
    }

    /**
     * The Collections page's example: line-delimited JSON read from a file, partitioned into
     * batches of 100, parsed records (Jackson), a streaming DataFrame, filtered, grouped by name
     * with a running mean, and the results kept in a bounded deque. The expected means are computed
     * from the records written.
     */
    @Test
    void lineDelimitedJsonToGroupbyMean(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("records.json");
        Random random = new Random(7);
        String[] names = {"Alice", "Bob", "Charlie"};
        StringBuilder text = new StringBuilder();
        Map<String, double[]> expected = new TreeMap<>(); // name -> {sum, count} of amount > 0
        for (int i = 0; i < 1000; i++) {
            String name = names[random.nextInt(names.length)];
            double amount = random.nextInt(2001) - 1000;
            text.append(JSON.writeValueAsString(record("name", name, "amount", amount, "id", (long) i))).append('\n');
            if (amount > 0) {
                double[] sc = expected.computeIfAbsent(name, k -> new double[2]);
                sc[0] += amount;
                sc[1]++;
            }
        }
        Files.writeString(file, text);

        Schema schema = Schema.builder().add("name", ColumnType.STRING).add("amount", ColumnType.DOUBLE)
                .add("id", ColumnType.LONG).build();
        Source<String> source = Stream.fromTextfile(file);
        Stream<List<Map<String, Object>>> batches = source.map(BatchTest::parse).partition(100);
        DataFrame sdf = Batch.of(batches, record("name", "", "amount", 0.0, "id", 0L)).toDataFrame(schema, allocator);
        Deque<GroupResult> deque = new ArrayDeque<>();
        CountDownLatch tenBatches = new CountDownLatch(10);
        sdf.where(sdf.col("amount").gt(0.0)).groupby("name").col("amount").mean().sink(r -> {
            if (deque.size() == 5) {
                deque.removeFirst(); // deque(maxlen=5)
            }
            deque.addLast(r);
            tenBatches.countDown();
        });
        source.start();
        try {
            assertTrue(tenBatches.await(30, TimeUnit.SECONDS), "ten batches of 100 lines came through");
        } finally {
            source.stop();
        }
        // The deque was filled on the source's thread; the latch orders these reads after it.
        assertEquals(5, deque.size());
        Map<Object, Number> last = deque.getLast().asMap();
        Map<String, Double> want = new HashMap<>();
        expected.forEach((k, sc) -> want.put(k, sc[0] / sc[1]));
        assertEquals(want.keySet(), last.keySet());
        want.forEach((k, v) -> assertEquals(v, last.get(k).doubleValue(), 1e-9 * Math.abs(v), k));
    }

    private static Map<String, Object> parse(String line) {
        try {
            return JSON.readValue(line, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
