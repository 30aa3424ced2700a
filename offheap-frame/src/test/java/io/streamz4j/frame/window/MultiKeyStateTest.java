package io.streamz4j.frame.window;

import io.streamz4j.Stream;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.agg.StateBytes;
import io.streamz4j.frame.agg.Statistic;
import io.streamz4j.frame.groupby.GroupBy;
import io.streamz4j.frame.groupby.GroupReduction;
import io.streamz4j.frame.groupby.GroupState;
import io.streamz4j.frame.groupby.Groupers;
import io.streamz4j.frame.groupby.WindowGroupBy;
import io.streamz4j.frame.node.Aggregate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream.Builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state of a groupby over several keys saved as bytes ({@link StateBytes}) and restored into a
 * pipeline built in a "restarted" DataFrame — a fresh schema whose string dictionary numbers the
 * names in another order — continues exactly as the uninterrupted pipeline: same groups, same
 * order, same values to the last bit (results compared as their full text). Windows go through
 * {@code withState()} / {@code start(...)} with their frames carried in Arrow IPC form (as the
 * checkpoint module's FrameWindowSnapshot does); a plain groupby (the {@link GroupReduction} that
 * {@code GroupBy.of(df, keys).col("y").sum()} and the others run) through its node's state and
 * {@code DataFrame.aggregate(aggregation, start)}, streamz's {@code start=}.
 *
 * <p>Mirrors test_dataframes.py::test_groupby_aggregate_with_start_state (plain groupby) and
 * test_dataframes.py::test_windowed_groupby_aggs_with_start_state (window(n)), here over the keys
 * ["name", "x"] and ["name", df.x % 2] and also over window(Duration), for sum, mean, count, var,
 * std and size.
 */
class MultiKeyStateTest extends WindowTestNodes {
    private static final String[] NAMES = {"Alice", "Bob", "Linda", "Tom"};
    private static final Instant T0 = Instant.parse("2050-01-01T00:00:00Z");
    private static final int FRAMES = 8;
    private static final int ROWS = 5;
    /** Frames the interrupted run sees before its state is saved. */
    private static final int CUT = 4;
    private static final List<Statistic> STATS = List.of(Statistic.SUM, Statistic.MEAN, Statistic.COUNT,
            Statistic.VAR, Statistic.STD, Statistic.SIZE);

    /** How the test spells the keys over a DataFrame. */
    enum Keys {
        COLUMNS(df -> List.of("name", "x")),
        COLUMN_AND_SERIES(df -> List.of("name", df.col("x").mod(2)));

        final Function<DataFrame, List<?>> over;

        Keys(Function<DataFrame, List<?>> over) {
            this.over = over;
        }
    }

    /** The windowing schemes, as streamz spells them: {@code window(n=7)} and {@code window('95min')}. */
    enum Span {
        ROWS_7(df -> df.window(7)),
        MINUTES_95(df -> df.window(Duration.ofMinutes(95)));

        final Function<DataFrame, Window> over;

        Span(Function<DataFrame, Window> over) {
            this.over = over;
        }
    }

    private static Schema schema() {
        return Schema.builder().add("name", ColumnType.STRING).add("x", ColumnType.LONG).add("y", ColumnType.DOUBLE)
                .index("time", ColumnType.TIMESTAMP).build();
    }

    /** A schema as a restarted process has it: its dictionary met other strings first, so ids differ. */
    private static Schema restartedSchema() {
        Schema s = schema();
        for (String name : List.of("Zoe", "Tom", "Linda", "Bob", "Alice")) {
            s.field("name").dictionary().idOf(name);
        }
        return s;
    }

    /** Frame {@code j}: names and x cycle at different rates so tuples repeat and new ones keep appearing. */
    private Frame frame(Schema schema, int j) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            int g = j * ROWS + i;
            rows.add(new Object[] {NAMES[(g * 3 + j) % NAMES.length], (long) (g % 3), 0.1 * g + 1.0 / (g + 3),
                    T0.plus(Duration.ofMinutes(10L * g))});
        }
        return Frame.fromRows(schema, rows, allocator);
    }

    private void emit(DataFrame sdf, int from, int to) {
        for (int j = from; j < to; j++) {
            try (Frame f = frame(sdf.schema(), j)) {
                sdf.emit(f);
            }
        }
    }

    private static List<String> values(Statistic statistic) {
        return statistic == Statistic.SIZE ? List.of() : List.of("y");
    }

    private static int ddof(Statistic statistic) {
        return statistic == Statistic.SIZE ? 0 : 1;
    }

    private static Stream<?> aggregate(WindowGroupBy g, Statistic statistic) {
        return switch (statistic) {
            case SUM -> g.sum();
            case MEAN -> g.mean();
            case COUNT -> g.count();
            case VAR -> g.var(1);
            case STD -> g.std(1);
            case SIZE -> g.size();
            default -> throw new IllegalArgumentException("not a groupby statistic here: " + statistic);
        };
    }

    /** What {@code GroupBy.of(sdf, keys).col("y").<statistic>()} aggregates with (DataFrame.aggregate can start it). */
    private static GroupReduction reduction(DataFrame sdf, Keys keys, Statistic statistic) {
        return new GroupReduction(Groupers.resolve(sdf, keys.over.apply(sdf), "groupby"), values(statistic), statistic,
                ddof(statistic));
    }

    /** The node's state shaped for {@code sdf} (its schema's dictionary), read from {@code bytes}. */
    private static GroupState restored(DataFrame sdf, Keys keys, Statistic statistic, byte[] bytes) {
        return StateBytes.read(reduction(sdf, keys, statistic).initial(sdf.schema()), bytes);
    }

    @SuppressWarnings("unchecked")
    private List<Object> collect(Stream<?> s) {
        return (List<Object>) node(s).sinkToList();
    }

    private static List<String> texts(List<Object> results) {
        List<String> out = new ArrayList<>();
        for (Object r : results) {
            out.add(String.valueOf(r instanceof WithState<?, ?> w ? w.result() : r));
        }
        return out;
    }

    static java.util.stream.Stream<Arguments> windows() {
        Builder<Arguments> out = java.util.stream.Stream.builder();
        for (Span span : Span.values()) {
            for (Keys keys : Keys.values()) {
                for (Statistic statistic : STATS) {
                    out.add(Arguments.of(span, keys, statistic));
                }
            }
        }
        return out.build();
    }

    static java.util.stream.Stream<Arguments> plain() {
        Builder<Arguments> out = java.util.stream.Stream.builder();
        for (Keys keys : Keys.values()) {
            for (Statistic statistic : STATS) {
                out.add(Arguments.of(keys, statistic));
            }
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("windows")
    @SuppressWarnings("unchecked")
    void aWindowedGroupbyOverSeveralKeysContinuesFromItsSavedBytes(Span span, Keys keys, Statistic statistic) {
        DataFrame whole = DataFrame.create(schema(), allocator);
        List<Object> uninterrupted = collect(aggregate(
                span.over.apply(whole).groupby(keys.over.apply(whole)).col("y"), statistic));
        emit(whole, 0, FRAMES);

        DataFrame before = DataFrame.create(schema(), allocator);
        List<Object> saved = collect(aggregate(
                span.over.apply(before).withState().groupby(keys.over.apply(before)).col("y"), statistic));
        emit(before, 0, CUT);
        WindowState<GroupState> state = ((WithState<GroupState, ?>) saved.get(CUT - 1)).state();
        List<byte[]> frames = new ArrayList<>();
        state.frames().forEach(f -> frames.add(f.toIpc(allocator)));
        byte[] bytes = StateBytes.write(state.state());
        saved.forEach(o -> ((WithState<?, ?>) o).state().release());

        DataFrame after = DataFrame.create(restartedSchema(), allocator);
        List<Frame> restoredFrames = new ArrayList<>();
        frames.forEach(ipc -> restoredFrames.add(Frame.fromIpc(after.schema(), ipc, allocator)));
        WindowState<GroupState> start = new WindowState<>(restoredFrames, restored(after, keys, statistic, bytes));
        List<Object> continued = collect(aggregate(span.over.apply(after).start(start)
                .groupby(keys.over.apply(after)).col("y"), statistic));
        restoredFrames.forEach(Frame::release); // the window retained what it keeps
        emit(after, CUT, FRAMES);

        assertEquals(texts(uninterrupted.subList(CUT, FRAMES)), texts(continued));
        assertTrue(texts(continued).get(0).contains("[Alice, 0]"), "tuples restored as typed parts: " + continued);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("plain")
    @SuppressWarnings("unchecked")
    void aGroupbyOverSeveralKeysContinuesFromItsSavedBytes(Keys keys, Statistic statistic) {
        DataFrame whole = DataFrame.create(schema(), allocator);
        List<Object> uninterrupted = collect(whole.aggregate(reduction(whole, keys, statistic)));
        emit(whole, 0, FRAMES);

        DataFrame before = DataFrame.create(schema(), allocator);
        Aggregate<GroupState, ?> running = (Aggregate<GroupState, ?>) node(before.aggregate(
                reduction(before, keys, statistic)));
        emit(before, 0, CUT);
        byte[] bytes = StateBytes.write(running.state());

        DataFrame after = DataFrame.create(restartedSchema(), allocator);
        List<Object> continued = collect(after.aggregate(reduction(after, keys, statistic),
                restored(after, keys, statistic, bytes)));
        emit(after, CUT, FRAMES);

        assertEquals(texts(uninterrupted.subList(CUT, FRAMES)), texts(continued));
    }

    /** A state is refused, naming both shapes, by a node grouping by other keys (number, names or types). */
    @Test
    void aStateOfAnotherKeyShapeIsRefused() {
        DataFrame sdf = DataFrame.create(schema(), allocator);
        Aggregate<?, ?> byNameAndX = (Aggregate<?, ?>) node(GroupBy.of(sdf, List.of("name", "x")).col("y").sum());
        emit(sdf, 0, 2);
        byte[] bytes = StateBytes.write(byNameAndX.state());
        Schema other = Schema.builder().add("name", ColumnType.STRING).add("x", ColumnType.DOUBLE)
                .add("y", ColumnType.DOUBLE).add("z", ColumnType.LONG).build();
        assertRefused(other, List.of("name", "x"), bytes, "the state groups by [name: STRING, x: LONG], the node by"
                + " [name: STRING, x: DOUBLE]");
        assertRefused(schema(), List.of("x", "name"), bytes, "the node by [x: LONG, name: STRING]");
        assertRefused(other, List.of("name", "x", "z"), bytes, "the node by [name: STRING, x: DOUBLE, z: LONG]");
        assertRefused(schema(), List.of("name"), bytes, "the node by name: STRING");
        byte[] single = StateBytes.write(new GroupReduction("name", List.of("y"), Statistic.SUM, 1)
                .initial(schema()));
        assertRefused(schema(), List.of("name", "x"), single, "the state groups by name: STRING, the node by [");
    }

    private void assertRefused(Schema schema, List<?> keys, byte[] bytes, String message) {
        DataFrame sdf = DataFrame.create(schema, allocator);
        GroupState like = new GroupReduction(Groupers.resolve(sdf, keys, "groupby"), List.of("y"), Statistic.SUM, 1)
                .initial(schema);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateBytes.read(like, bytes));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
