package io.streamz4j.checkpoint.frame;

import io.streamz4j.Stream;
import io.streamz4j.checkpoint.Checkpoint;
import io.streamz4j.checkpoint.CheckpointFile;
import io.streamz4j.checkpoint.JournaledSource;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Groupbys over several keys — {@code groupby(["name", "x"])} and {@code groupby(["name", df.x % 2])},
 * running and inside {@code window(4)} — snapshotted by {@link FrameAggregateSnapshot} and
 * {@link FrameWindowSnapshot} on a real {@link JournaledSource} with its Chronicle queue in a
 * temporary directory. A crash is the checkpoint file put back as it was stored earlier; the
 * restarted process has a new allocator and a schema whose dictionary numbers the names in another
 * order, replays the journal past the checkpoint and goes on: its results, with the first run's up
 * to the checkpoint, are those of a run that never stopped, to the last bit and in the same order.
 *
 * <p>Mirrors test_dataframes.py::test_groupby_aggregate_with_start_state and
 * test_dataframes.py::test_windowed_groupby_aggs_with_start_state, the state carried across a
 * restart by the checkpoint instead of {@code start=}.
 */
class MultiKeySnapshotTest {
    private static final String[] NAMES = {"alice", "bob", "carol"};
    private static final int TOTAL = 20;
    private static final int CHECKPOINT_AT = 8;
    private static final int CRASH_AT = 12;

    private static Schema schema(boolean otherDictionary) {
        Schema s = Schema.builder().add("name", ColumnType.STRING).add("x", ColumnType.LONG)
                .add("y", ColumnType.DOUBLE).index("t", ColumnType.TIMESTAMP).build();
        if (otherDictionary) {
            for (String name : List.of("zed", "carol", "bob", "alice")) {
                s.field("name").dictionary().idOf(name);
            }
        }
        return s;
    }

    /** Frame k: 4 rows; names and x cycle at different rates so tuples recur and new ones appear. */
    private static Frame frame(Schema schema, BufferAllocator allocator, int k) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int g = 4 * k + i;
            rows.add(new Object[] {NAMES[(g + k) % NAMES.length], (long) (g % 4), 0.1 * g + 1.0 / (g + 7),
                    1_000L * g});
        }
        return Frame.fromRows(schema, rows, allocator);
    }

    /** One process on {@code dir}: the pipeline (snapshotted if {@code snapshotted}), then {@code during}. */
    private static List<List<String>> run(Path dir, boolean otherDictionary, boolean snapshotted,
            BiConsumer<JournaledSource<Frame>, IntConsumer> during) {
        List<List<Object>> outputs = new ArrayList<>();
        List<Stream<?>> nodes = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            Schema schema = schema(otherDictionary);
            try (JournaledSource<Frame> source = JournaledSource.builder(dir, FrameCodecs.frames(schema, allocator))
                    .checkpointInterval(Duration.ZERO).build()) {
                DataFrame df = DataFrame.of(source, schema, allocator);
                Stream<?> sums = df.groupby(List.of("name", "x")).col("y").sum();
                Stream<?> vars = df.groupby(List.of("name", df.col("x").mod(2))).col("y").var(1);
                Stream<?> means = df.window(4).groupby(List.of("name", "x")).col("y").mean();
                if (snapshotted) {
                    source.snapshot("sums", FrameAggregateSnapshot.of(sums));
                    source.snapshot("vars", FrameAggregateSnapshot.of(vars));
                    source.snapshot("means", FrameWindowSnapshot.of(means, schema, allocator));
                }
                for (Stream<?> node : List.of(sums, vars, means)) {
                    outputs.add(collect(node));
                    nodes.add(node);
                }
                during.accept(source, k -> {
                    try (Frame f = frame(schema, allocator, k)) {
                        source.emit(f);
                    }
                });
            }
            nodes.forEach(Stream::destroy);
        }
        return outputs.stream().map(o -> o.stream().map(String::valueOf).toList()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> collect(Stream<?> node) {
        return (List<Object>) (List<?>) node.sinkToList();
    }

    /** Frames 1..TOTAL, checkpointing after each, in one process. */
    private static List<List<String>> uncrashed(Path dir) {
        return run(dir, false, true, (source, emit) -> {
            source.start();
            for (int k = 1; k <= TOTAL; k++) {
                emit.accept(k);
                source.checkpoint();
            }
        });
    }

    /**
     * Checkpoints through frame CHECKPOINT_AT, goes on to CRASH_AT unsaved, "crashes" back to the
     * checkpoint and restarts (replaying the rest of the journal into the restored nodes) through
     * TOTAL; returns the first run's results up to the checkpoint followed by the second's.
     */
    private static List<List<String>> restarted(Path dir, boolean snapshotted) {
        CheckpointFile file = new CheckpointFile(dir);
        Checkpoint[] atCheckpoint = new Checkpoint[1];
        List<List<String>> first = run(dir, false, snapshotted, (source, emit) -> {
            source.start();
            for (int k = 1; k <= CRASH_AT; k++) {
                emit.accept(k);
                if (k <= CHECKPOINT_AT) {
                    source.checkpoint();
                }
                if (k == CHECKPOINT_AT) {
                    atCheckpoint[0] = file.read();
                }
            }
        });
        file.write(atCheckpoint[0]);
        List<List<String>> second = run(dir, true, snapshotted, (source, emit) -> {
            source.start();
            for (int k = CRASH_AT + 1; k <= TOTAL; k++) {
                emit.accept(k);
            }
        });
        List<List<String>> seen = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            List<String> output = new ArrayList<>(first.get(i).subList(0, CHECKPOINT_AT));
            output.addAll(second.get(i));
            seen.add(output);
        }
        return seen;
    }

    @Test
    void restoredSeveralKeyGroupbysContinueAsAnUncrashedRun(@TempDir Path tmp) {
        List<List<String>> expected = uncrashed(tmp.resolve("whole"));
        expected.forEach(output -> assertEquals(TOTAL, output.size()));
        assertTrue(expected.get(0).get(TOTAL - 1).contains("[alice, 0]"), expected.get(0).get(TOTAL - 1));
        assertEquals(expected, restarted(tmp.resolve("crashed"), true));
    }

    /** Without the snapshots the restarted groupbys start from zero: the comparison above can fail. */
    @Test
    void withoutSnapshotsTheRestartDoesNotContinue(@TempDir Path tmp) {
        List<List<String>> expected = uncrashed(tmp.resolve("whole"));
        List<List<String>> plain = restarted(tmp.resolve("plain"), false);
        assertNotEquals(expected.get(0), plain.get(0));
        assertNotEquals(expected.get(1), plain.get(1));
    }
}
