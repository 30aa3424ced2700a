package io.streamz4j.checkpoint.frame;

import io.streamz4j.Stream;
import io.streamz4j.checkpoint.Checkpoint;
import io.streamz4j.checkpoint.CheckpointFile;
import io.streamz4j.checkpoint.Codec;
import io.streamz4j.checkpoint.JournaledSource;
import io.streamz4j.checkpoint.UnsnapshottedState;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.agg.Aggregation;
import io.streamz4j.frame.rolling.RollingNode;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots of frame aggregations ({@link FrameAggregateSnapshot}) and frame windows
 * ({@link FrameWindowSnapshot}) on real Chronicle journals of Arrow frames in temporary
 * directories. A crash is simulated as in {@link WindowSnapshotTest}: the checkpoint file is put
 * back, after the run, as it was stored at an earlier moment. Each run has its own allocator,
 * closed at the end (Arrow refuses to close one with memory outstanding, so a leak fails the
 * test), and its own schema, whose string dictionary the restarted run fills in another order, as
 * a new process would number the names differently.
 *
 * <p>Mirrors streamz's test_dataframes.py::test_groupby_aggregate (groupby sums) and
 * test_dataframes.py::test_window_sum (window(n).x.mean), carried across a restart.
 */
class FrameSnapshotTest {
    private static final String[] NAMES = {"alice", "bob", "carol", "dave"};

    private static Schema schema() {
        return Schema.builder().add("name", ColumnType.STRING).add("x", ColumnType.DOUBLE)
                .index("t", ColumnType.TIMESTAMP).build();
    }

    /** Frame k: 3 rows, names cycling, values that do not add up exactly in binary, times 1000k + 100i. */
    private static Frame frame(Schema schema, BufferAllocator allocator, int k) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(new Object[] {NAMES[(k * 3 + i) % NAMES.length],
                    0.1 * k + 0.37 * i + (k % 7) * 1e-3, 1_000L * k + 100L * i});
        }
        return Frame.fromRows(schema, rows, allocator);
    }

    /** One run's pipeline: builds on the source, registers snapshots, returns the sinks' outputs in order. */
    private interface Pipeline {
        Run build(JournaledSource<Frame> source, Schema schema, BufferAllocator allocator);
    }

    /** What a run collects, and the nodes to destroy so the windows give back their frames. */
    private record Run(List<List<Object>> outputs, List<Stream<?>> nodes) {
        /** Each output's elements as text (a GroupResult prints its keys and exact doubles). */
        List<List<String>> printed() {
            return outputs.stream().map(o -> o.stream().map(String::valueOf).toList()).toList();
        }

        void destroy() {
            nodes.forEach(Stream::destroy);
        }
    }

    /** groupby(name).x.sum, window(5).x.mean and a 3.5 us window's groupby(name).x.sum, all snapshotted. */
    @SuppressWarnings("unchecked")
    private static final Pipeline PIPELINE = (source, schema, allocator) -> {
        DataFrame df = DataFrame.of(source, schema, allocator);
        Stream<?> sums = df.groupby("name").col("x").sum();
        source.snapshot("sums", FrameAggregateSnapshot.of(sums));
        Stream<?> means = df.window(5).col("x").mean();
        source.snapshot("means", FrameWindowSnapshot.of(means, schema, allocator));
        Stream<?> spans = df.window(Duration.ofNanos(3_500)).groupby("name").col("x").sum();
        source.snapshot("spans", FrameWindowSnapshot.of(spans, schema, allocator));
        List<Object> a = (List<Object>) (List<?>) sums.sinkToList();
        List<Object> b = (List<Object>) (List<?>) means.sinkToList();
        List<Object> c = (List<Object>) (List<?>) spans.sinkToList();
        return new Run(List.of(a, b, c), List.of(sums, means, spans));
    };

    /** A user-defined aggregation's state: rows and the sum of x, changed in place. */
    private static final class CountSum {
        long rows;
        double sum;

        CountSum(long rows, double sum) {
            this.rows = rows;
            this.sum = sum;
        }
    }

    /** Rows and the sum of x, forgetting what leaves a window: no built-in state, so it needs a codec. */
    private static final Aggregation<CountSum, String> COUNT_SUM = new Aggregation<>() {
        @Override
        public CountSum initial(Schema example) {
            return new CountSum(0, 0.0);
        }

        @Override
        public CountSum onNew(CountSum state, Frame frame) {
            state.rows += frame.rows();
            for (double x : frame.doubles("x")) {
                state.sum += x;
            }
            return state;
        }

        @Override
        public CountSum onOld(CountSum state, Frame frame) {
            state.rows -= frame.rows();
            for (double x : frame.doubles("x")) {
                state.sum -= x;
            }
            return state;
        }

        @Override
        public CountSum copy(CountSum state) {
            return new CountSum(state.rows, state.sum);
        }

        @Override
        public String result(CountSum state) {
            return "rows=" + state.rows + " sum=" + state.sum;
        }
    };

    private static final Codec<CountSum> COUNT_SUM_CODEC = Codec.of("count-sum", (state, out) -> {
        out.writeLong(state.rows);
        out.writeDouble(state.sum);
    }, in -> new CountSum(in.readLong(), in.readDouble()));

    /** The user aggregation running and over a window of five rows, both snapshotted through its codec. */
    @SuppressWarnings("unchecked")
    private static final Pipeline USER_DEFINED = (source, schema, allocator) -> {
        DataFrame df = DataFrame.of(source, schema, allocator);
        Stream<?> running = df.aggregate(COUNT_SUM);
        source.snapshot("running", FrameAggregateSnapshot.of(running, COUNT_SUM_CODEC));
        Stream<?> windowed = df.window(5).aggregate(COUNT_SUM);
        source.snapshot("windowed", FrameWindowSnapshot.of(windowed, schema, allocator, COUNT_SUM_CODEC));
        List<Object> a = (List<Object>) (List<?>) running.sinkToList();
        List<Object> b = (List<Object>) (List<?>) windowed.sinkToList();
        return new Run(List.of(a, b), List.of(running, windowed));
    };

    /**
     * rolling(4).x.mean, rolling(4).x.max and a 2.5 us rolling x.sum, each built withState() and
     * snapshotted; each output element is one frame's results as text.
     */
    private static final Pipeline ROLLING = (source, schema, allocator) -> {
        DataFrame df = DataFrame.of(source, schema, allocator);
        List<DataFrame> rolled = List.of(df.rolling(4).withState().col("x").mean(),
                df.rolling(4).withState().col("x").max(), df.rolling(Duration.ofNanos(2_500)).withState().col("x").sum());
        List<List<Object>> outputs = new ArrayList<>();
        List<Stream<?>> nodes = new ArrayList<>();
        for (int i = 0; i < rolled.size(); i++) {
            source.snapshot("rolling" + i, RollingSnapshot.of(rolled.get(i), schema, allocator));
            Stream<Object> printed = rolled.get(i).stream().map(f -> Arrays.toString(f.doubles("x")));
            outputs.add(printed.sinkToList());
            nodes.add(RollingNode.of(rolled.get(i)));
        }
        return new Run(outputs, nodes);
    };

    /** ewm(com=0.5).x.mean and ewm(alpha=0.1).mean over x, snapshotted without a codec (a built-in state). */
    @SuppressWarnings("unchecked")
    private static final Pipeline EWM = (source, schema, allocator) -> {
        DataFrame df = DataFrame.of(source, schema, allocator);
        Stream<?> one = df.ewm(0.5).col("x").mean();
        source.snapshot("ewm-x", FrameWindowSnapshot.of(one, schema, allocator));
        Stream<?> all = df.ewm(null, null, null, 0.1).mean();
        source.snapshot("ewm-all", FrameWindowSnapshot.of(all, schema, allocator));
        List<Object> a = (List<Object>) (List<?>) one.sinkToList();
        List<Object> b = (List<Object>) (List<?>) all.sinkToList();
        return new Run(List.of(a, b), List.of(one, all));
    };

    private static final Pipeline NOTHING = (source, schema, allocator) -> new Run(List.of(), List.of());

    /** Emits frames of one run's schema from its allocator into its source. */
    private record Emitter(JournaledSource<Frame> source, Schema schema, BufferAllocator allocator) {
        /** Emits frames from..to, checkpointing after each if {@code checkpointing}. */
        void emit(int from, int to, boolean checkpointing) {
            for (int k = from; k <= to; k++) {
                try (Frame f = frame(schema, allocator, k)) {
                    source.emit(f);
                }
                if (checkpointing) {
                    source.checkpoint();
                }
            }
        }
    }

    /** What a run does once its pipeline is built (it calls start() itself). */
    private interface During {
        void accept(Emitter emitter, Run run);
    }

    /**
     * One process's life on {@code dir}: a new allocator and schema (its dictionary filled in
     * another order first if {@code otherDictionary}), the pipeline, {@code during}; then the
     * source is closed, the nodes destroyed and the allocator closed, which fails on a leak.
     */
    private static Run run(Path dir, Pipeline pipeline, boolean otherDictionary, During during) {
        try (BufferAllocator allocator = new RootAllocator()) {
            Schema schema = schema();
            if (otherDictionary) {
                for (int i = NAMES.length - 1; i >= 0; i--) {
                    schema.field("name").dictionary().idOf(NAMES[i]);
                }
            }
            Run run;
            try (JournaledSource<Frame> source = JournaledSource.builder(dir, FrameCodecs.frames(schema, allocator))
                    .checkpointInterval(Duration.ZERO).build()) {
                run = pipeline.build(source, schema, allocator);
                during.accept(new Emitter(source, schema, allocator), run);
            }
            run.destroy();
            return run;
        }
    }

    /** Frames 1..total in one run, checkpointing after each; the outputs printed. */
    private static List<List<String>> uncrashed(Path dir, Pipeline pipeline, int total) {
        return run(dir, pipeline, false, (e, r) -> {
            e.source().start();
            e.emit(1, total, true);
        }).printed();
    }

    /**
     * Frames 1..crashAt checkpointing through {@code checkpointAt}, a "crash" back to that
     * checkpoint, a restart (replaying checkpointAt+1..crashAt into the restored nodes, under
     * other dictionary ids) that emits on to {@code total}; returns the first run's outputs up to
     * the checkpoint followed by the second's.
     */
    private static List<List<String>> restarted(Path dir, Pipeline pipeline, int checkpointAt, int crashAt,
            int total) {
        return restarted(dir, pipeline, checkpointAt, crashAt, total, true);
    }

    /** As above; {@code holdsElements}: whether the pipeline's nodes keep elements (windows do, ewm does not). */
    private static List<List<String>> restarted(Path dir, Pipeline pipeline, int checkpointAt, int crashAt,
            int total, boolean holdsElements) {
        List<List<String>> seen = new ArrayList<>();
        CheckpointFile file = new CheckpointFile(dir);
        Checkpoint[] atCrash = new Checkpoint[1];
        run(dir, pipeline, false, (e, r) -> {
            r.outputs().forEach(output -> seen.add(new ArrayList<>()));
            e.source().start();
            e.emit(1, checkpointAt, true);
            atCrash[0] = file.read();
            assertEquals(holdsElements, e.source().inFlight() > 0, "the windows hold the elements whose rows they keep");
            assertEquals(r.outputs().size(), atCrash[0].snapshots().size(), "every node's snapshot is stored");
            addPrinted(seen, r);
            e.emit(checkpointAt + 1, crashAt, false);
        });
        file.write(atCrash[0]);
        addPrinted(seen, run(dir, pipeline, true, (e, r) -> {
            e.source().start();
            e.emit(crashAt + 1, total, false);
        }));
        return seen;
    }

    private static void addPrinted(List<List<String>> seen, Run run) {
        List<List<String>> printed = run.printed();
        for (int i = 0; i < seen.size(); i++) {
            seen.get(i).addAll(printed.get(i));
        }
    }

    /** The restarted groupby, window mean and span groupby continue exactly as in a run that never stopped. */
    @Test
    void restoredFrameAggregationsAndWindowsContinueAsAnUncrashedRun(@TempDir Path tmp) {
        List<List<String>> expected = uncrashed(tmp.resolve("whole"), PIPELINE, 30);
        expected.forEach(output -> assertEquals(30, output.size()));
        assertEquals(expected, restarted(tmp.resolve("crashed"), PIPELINE, 12, 17, 30));
    }

    /**
     * A user-defined aggregation (streamz's custom {@code aggregate(...)}), running and over a
     * window, carries its state across a restart through the codec supplied for it, bit for bit.
     */
    @Test
    void userDefinedAggregationsContinueThroughTheirStateCodec(@TempDir Path tmp) {
        List<List<String>> expected = uncrashed(tmp.resolve("whole"), USER_DEFINED, 20);
        assertEquals("rows=60", expected.get(0).get(19).split(" ")[0]);
        assertEquals("rows=5", expected.get(1).get(19).split(" ")[0]);
        assertEquals(expected, restarted(tmp.resolve("crashed"), USER_DEFINED, 8, 13, 20));
    }

    /**
     * Rolling windows (rows and time) carry their reach across a restart: the restored nodes
     * replay the saved rows and go on with the uncrashed run's results (max exactly, the sums
     * within a replay's rounding), where a fresh node would restart its windows empty.
     */
    @Test
    void restoredRollingWindowsContinueAsAnUncrashedRun(@TempDir Path tmp) {
        List<List<String>> expected = uncrashed(tmp.resolve("whole"), ROLLING, 20);
        List<List<String>> restarted = restarted(tmp.resolve("crashed"), ROLLING, 8, 13, 20);
        assertEquals(expected.get(1), restarted.get(1), "rolling max");
        for (int output : new int[] {0, 2}) {
            assertEquals(expected.get(output).size(), restarted.get(output).size());
            for (int k = 0; k < expected.get(output).size(); k++) {
                double[] want = parse(expected.get(output).get(k));
                double[] got = parse(restarted.get(output).get(k));
                assertEquals(want.length, got.length);
                for (int i = 0; i < want.length; i++) {
                    String where = "output " + output + " frame " + k + " row " + i;
                    if (Double.isNaN(want[i])) {
                        assertTrue(Double.isNaN(got[i]), where + ": " + got[i]);
                    } else {
                        assertEquals(want[i], got[i], Math.max(1e-12 * Math.abs(want[i]), Double.MIN_VALUE), where);
                    }
                }
            }
        }
        Path fresh = tmp.resolve("fresh");
        run(fresh, NOTHING, false, (e, r) -> {
            e.source().start();
            e.emit(1, 8, true);
        });
        Run unsnapshotted = run(fresh, ROLLING, false, (e, r) -> {
            e.source().start();
            e.emit(9, 9, false);
        });
        assertTrue(!expected.get(1).get(8).equals(unsnapshotted.printed().get(1).get(0)),
                "a rolling window started empty gives other results: " + unsnapshotted.printed().get(1));
    }

    private static double[] parse(String printed) {
        String body = printed.substring(1, printed.length() - 1);
        return body.isEmpty() ? new double[0] : Arrays.stream(body.split(", ")).mapToDouble(Double::parseDouble)
                .toArray();
    }

    /**
     * streamz's {@code ewm(...).mean()} carries its weighted means and the weight of the past
     * across a restart, bit for bit, with no codec to supply.
     */
    @Test
    void exponentiallyWeightedMeansContinueAsAnUncrashedRun(@TempDir Path tmp) {
        List<List<String>> expected = uncrashed(tmp.resolve("whole"), EWM, 20);
        expected.forEach(output -> assertEquals(20, output.size()));
        assertEquals(expected, restarted(tmp.resolve("crashed"), EWM, 8, 13, 20, false));
    }

    /** A user state the codec cannot read is refused at start, naming the node and the codec. */
    @Test
    void aStateTheUserCodecCannotReadIsRefusedNamingTheNode(@TempDir Path dir) {
        run(dir, USER_DEFINED, false, (e, r) -> {
            e.source().start();
            e.emit(1, 3, true);
        });
        assertRefused(dir, USER_DEFINED, "running", new byte[] {1, 2, 3}, "FrameAggregateSnapshot",
                "count-sum codec cannot read");
        assertRefused(dir, USER_DEFINED, "windowed", new byte[0], "FrameWindowSnapshot", "truncated");
    }

    /** Without the snapshots the restart starts from zero: the comparison above can fail. */
    @Test
    void aRestartWithoutSnapshotsDoesNotContinue(@TempDir Path tmp) {
        List<List<String>> expected = uncrashed(tmp.resolve("whole"), PIPELINE, 10);
        Path dir = tmp.resolve("plain");
        run(dir, NOTHING, false, (e, r) -> {
            e.source().start();
            e.emit(1, 5, true);
        });
        @SuppressWarnings("unchecked")
        Pipeline sumsOnly = (source, schema, allocator) -> {
            Stream<?> sums = DataFrame.of(source, schema, allocator).groupby("name").col("x").sum();
            return new Run(List.of((List<Object>) (List<?>) sums.sinkToList()), List.of(sums));
        };
        Run restarted = run(dir, sumsOnly, false, (e, r) -> {
            e.source().start();
            e.emit(6, 10, false);
        });
        assertTrue(!expected.get(0).subList(5, 10).equals(restarted.printed().get(0)),
                "a groupby started from zero gives other sums than the uncrashed one");
    }

    /** The windows hold elements, but snapshotted: the cut follows every newest frame. */
    @Test
    void theCheckpointFollowsTheNewestFrameWhileTheWindowsHoldFrames(@TempDir Path dir) {
        run(dir, PIPELINE, false, (e, r) -> {
            e.source().start();
            e.emit(1, 1, true);
            long previous = e.source().checkpoint();
            for (int k = 2; k <= 12; k++) {
                e.emit(k, k, false);
                long checkpoint = e.source().checkpoint();
                assertTrue(checkpoint > previous, "frame " + k + " moved the checkpoint");
                assertTrue(e.source().inFlight() > 0, "the windows hold elements");
                previous = checkpoint;
            }
            assertTrue(e.allocator().getAllocatedMemory() > 0, "the windows hold frames");
        });
    }

    /**
     * A frame window holds its elements' references as the engine's sliding window does (streamz's
     * test_core.py::test_sliding_window_ref_counts): an element is in flight while any of its rows
     * is in a window of four rows fed frames of three. Without the window's snapshot the checkpoint
     * does not pass frame 1 while a row of it is left (after frame 2) and passes it once the last
     * has gone (after frame 3); with the snapshot the cut follows the newest frame throughout.
     * Destroying the window lets go of what it held.
     */
    @Test
    void anElementInAFrameWindowHoldsTheCheckpointUnlessTheWindowIsSnapshotted(@TempDir Path tmp) {
        long[] plain = frameWindowCheckpoints(tmp.resolve("plain"), false);
        assertEquals(-1, plain[1], "frame 1 is wholly in the window");
        assertEquals(-1, plain[2], "a row of frame 1 is still in the window");
        assertTrue(plain[3] > plain[2], "frame 1 left the window: the checkpoint passes it");
        assertTrue(plain[4] > plain[3], "frame 2 left the window: the checkpoint passes it");
        long[] snapshotted = frameWindowCheckpoints(tmp.resolve("snapshotted"), true);
        for (int k = 2; k <= 4; k++) {
            assertTrue(snapshotted[k] > snapshotted[k - 1], "frame " + k + " moved the checkpoint past itself");
        }
    }

    /**
     * A running aggregation, a frame window and a rolling aggregation keep state: start() names
     * those no snapshot covers, with where their snapshots are, and refuses when told to.
     */
    @Test
    void frameNodesWithoutASnapshotAreNamedAtStart(@TempDir Path dir) {
        try (BufferAllocator allocator = new RootAllocator()) {
            Schema schema = schema();
            try (JournaledSource<Frame> source = JournaledSource.builder(dir, FrameCodecs.frames(schema, allocator))
                    .checkpointInterval(Duration.ZERO).unsnapshottedState(UnsnapshottedState.REFUSE).build()) {
                DataFrame df = DataFrame.of(source, schema, allocator);
                Stream<?> sums = df.groupby("name").col("x").sum();
                source.snapshot("sums", FrameAggregateSnapshot.of(sums));
                Stream<?> means = df.window(5).col("x").mean();
                Stream<?> rolling = RollingNode.of(df.rolling(4).withState().col("x").mean());
                Stream<?> total = df.col("x").sum();
                String remedy = " (register its snapshot from streamz4j-checkpoint-frame: FrameAggregateSnapshot,"
                        + " FrameWindowSnapshot or RollingSnapshot)";
                assertEquals(Set.of(means + remedy, rolling + remedy, total + remedy),
                        Set.copyOf(source.unsnapshottedNodes()));
                IllegalStateException e = assertThrows(IllegalStateException.class, source::start);
                assertTrue(e.getMessage().contains(means + remedy) && e.getMessage().contains(rolling + remedy)
                        && e.getMessage().contains(total + remedy), e.getMessage());
                List.of(sums, means, rolling, total).forEach(Stream::destroy);
            }
        }
    }

    /** Emits frames 1..4 into window(4).x.sum, returning the checkpoint after each (index 0: before any). */
    private static long[] frameWindowCheckpoints(Path dir, boolean snapshotTheWindow) {
        long[] checkpoints = new long[5];
        try (BufferAllocator allocator = new RootAllocator()) {
            Schema schema = schema();
            try (JournaledSource<Frame> source = JournaledSource.builder(dir, FrameCodecs.frames(schema, allocator))
                    .checkpointInterval(Duration.ZERO).build()) {
                Stream<?> sums = DataFrame.of(source, schema, allocator).window(4).col("x").sum();
                if (snapshotTheWindow) {
                    source.snapshot("sums", FrameWindowSnapshot.of(sums, schema, allocator));
                }
                source.start();
                Emitter emitter = new Emitter(source, schema, allocator);
                checkpoints[0] = source.checkpoint();
                for (int k = 1; k <= 4; k++) {
                    emitter.emit(k, k, false);
                    checkpoints[k] = source.checkpoint();
                    assertEquals(k == 1 ? 1 : 2, source.inFlight(), "elements with rows in the window after frame " + k);
                }
                sums.destroy();
                assertEquals(0, source.inFlight(), "a destroyed window holds no element");
            }
        }
        return checkpoints;
    }

    @Test
    void aDamagedStateIsRefusedNamingTheNodeAndLeavesNothingAllocated(@TempDir Path dir) {
        run(dir, PIPELINE, false, (e, r) -> {
            e.source().start();
            e.emit(1, 6, true);
        });
        Checkpoint stored = new CheckpointFile(dir).read();
        byte[] window = stored.snapshots().get("means");
        byte[] sums = stored.snapshots().get("sums");
        assertRefused(dir, "means", Arrays.copyOf(window, window.length / 2), "FrameWindowSnapshot", "truncated");
        assertRefused(dir, "sums", Arrays.copyOf(sums, sums.length - 3), "FrameAggregateSnapshot", "truncated");
        byte[] otherVersion = sums.clone();
        otherVersion[0] = 9;
        assertRefused(dir, "sums", otherVersion, "FrameAggregateSnapshot", "version 9");
        assertRefused(dir, "means", sums, "FrameWindowSnapshot", "no window snapshot");
        assertRefused(dir, "sums", stored.snapshots().get("spans"), "FrameAggregateSnapshot", "not a groupby's");
        assertRefused(dir, "means", stored.snapshots().get("spans"), "FrameWindowSnapshot", "not a reduction's");
    }

    /** Stores {@code state} under {@code name} and restarts: the restore names the node and the problem. */
    private static void assertRefused(Path dir, String name, byte[] state, String adapter, String why) {
        assertRefused(dir, PIPELINE, name, state, adapter, why);
    }

    /** As above for a run of {@code pipeline}. */
    private static void assertRefused(Path dir, Pipeline pipeline, String name, byte[] state, String adapter,
            String why) {
        Checkpoint stored = new CheckpointFile(dir).read();
        Map<String, byte[]> snapshots = new HashMap<>(stored.snapshots());
        snapshots.put(name, state);
        new CheckpointFile(dir).write(new Checkpoint(stored.completedThrough(), snapshots));
        run(dir, pipeline, false, (e, r) -> {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, e.source()::start);
            String node = adapter.equals("FrameAggregateSnapshot") ? "<aggregate" : "<window-aggregate";
            assertTrue(error.getMessage().contains(adapter) && error.getMessage().contains(why)
                    && error.getMessage().contains(node), error.getMessage());
        });
        new CheckpointFile(dir).write(stored);
    }

    /**
     * Mirrors test_dataframes.py::test_windowed_groupby_aggs_with_start_state, the saved state
     * carried across a restart by the checkpoint instead of {@code start=}: a window of five rows
     * grouped by name (x standing for streamz's amount), its sums after the restart as streamz's.
     */
    @Test
    @SuppressWarnings("unchecked")
    void windowedGroupbySumsContinueAfterARestartAsStreamzStartStateDoes(@TempDir Path dir) {
        Pipeline windowed = (source, schema, allocator) -> {
            Stream<?> sums = DataFrame.of(source, schema, allocator).window(5).groupby("name").col("x").sum();
            source.snapshot("sums", FrameWindowSnapshot.of(sums, schema, allocator));
            return new Run(List.of((List<Object>) (List<?>) sums.sinkToList()), List.of(sums));
        };
        run(dir, windowed, false, (e, r) -> {
            e.source().start();
            emitRows(e, List.of("Alice", "Tom", "Linda"), List.of(50.0, 100.0, 200.0));
            emitRows(e, List.of("Alice", "Linda", "Bob"), List.of(250.0, 300.0, 350.0));
        });
        Run restarted = run(dir, windowed, true, (e, r) -> {
            e.source().start();
            emitRows(e, List.of("Alice", "Linda", "Tom", "Bob"), List.of(50.0, 100.0, 150.0, 200.0));
        });
        assertEquals("GroupResult(name [Alice, Bob, Linda, Tom] {x=[50.0, 550.0, 100.0, 150.0]})",
                String.valueOf(restarted.outputs().get(0).get(0)));
    }

    /** One frame of these names and x values (index 0, 1, ...), emitted and checkpointed. */
    private static void emitRows(Emitter e, List<String> names, List<Double> xs) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            rows.add(new Object[] {names.get(i), xs.get(i), (long) i});
        }
        try (Frame frame = Frame.fromRows(e.schema(), rows, e.allocator())) {
            e.source().emit(frame);
        }
        e.source().checkpoint();
    }

    @Test
    void badArgumentsNameTheParameter() {
        try (BufferAllocator allocator = new RootAllocator()) {
            Schema schema = schema();
            DataFrame df = DataFrame.create(schema, allocator);
            Stream<?> windowSum = df.window(3).col("x").sum();
            Stream<?> runningSum = df.col("x").sum();
            Stream<?> full = df.window(3).full().stream().upstream();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FrameAggregateSnapshot.of(windowSum));
            assertTrue(e.getMessage().contains("'node'"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> FrameWindowSnapshot.of(runningSum, schema,
                    allocator));
            assertTrue(e.getMessage().contains("'node'"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> FrameWindowSnapshot.of(windowSum, schema, null));
            assertTrue(e.getMessage().contains("allocator"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> FrameWindowSnapshot.of(full, schema, allocator));
            assertTrue(e.getMessage().contains("only the built-in"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> FrameAggregateSnapshot.of(runningSum, null));
            assertTrue(e.getMessage().contains("stateCodec"), e.getMessage());
            DataFrame rolledWithoutState = df.rolling(3).col("x").mean();
            IllegalStateException noState = assertThrows(IllegalStateException.class,
                    () -> RollingSnapshot.of(rolledWithoutState, schema, allocator));
            assertTrue(noState.getMessage().contains("withState"), noState.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> RollingSnapshot.of(null, schema, allocator));
            assertTrue(e.getMessage().contains("'rolled'"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> FrameWindowSnapshot.of(windowSum, schema, allocator, null));
            assertTrue(e.getMessage().contains("stateCodec"), e.getMessage());
            List.of(windowSum, runningSum, full).forEach(Stream::destroy);
        }
    }
}
