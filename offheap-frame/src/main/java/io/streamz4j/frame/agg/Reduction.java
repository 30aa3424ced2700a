package io.streamz4j.frame.agg;

import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running reduction of numeric and boolean columns (streamz's Sum, Mean, Count, Size, Var and
 * the rest over all data so far): a Series' emits a {@code Number}, a DataFrame's an ordered map
 * of column name to number (pandas' Series indexed by column); {@code size} is rows for a Series
 * and cells for a DataFrame, as in pandas. Integral columns sum exactly, as int64 does, and so do
 * booleans, as 0 and 1 (their min and max come out as 0 or 1: the map holds numbers).
 *
 * <p>Thread safety: immutable; its {@link Moments} state is confined to the owning node.
 */
public final class Reduction implements Aggregation<Moments, Object> {
    private final Statistic statistic;
    private final List<String> columns;
    private final int ddof;
    private final boolean series;

    private Reduction(Statistic statistic, List<String> columns, int ddof, boolean series) {
        this.statistic = statistic;
        this.columns = List.copyOf(columns);
        this.ddof = ddof;
        this.series = series;
    }

    /** The statistic of one column (a Series), emitted as a Number. */
    public static Reduction ofSeries(Statistic statistic, String column, int ddof) {
        return new Reduction(statistic, List.of(column), ddof, true);
    }

    /** The statistic of each of {@code columns} (a DataFrame's numeric and boolean columns), emitted as a map. */
    public static Reduction ofDataFrame(Statistic statistic, List<String> columns, int ddof) {
        return new Reduction(statistic, columns, ddof, false);
    }

    public Statistic statistic() {
        return statistic;
    }

    @Override
    public Moments initial(Schema example) {
        return new Moments(example, columns);
    }

    @Override
    public Moments onNew(Moments state, Frame frame) {
        state.add(frame, statistic, 1);
        if (series && statistic == Statistic.MEAN && state.counts[0] == 0) {
            // streamz's Mean stores the count of 1 it divides by when nothing was counted yet, so
            // after leading empty batches every later mean divides by one more: kept for agreement.
            state.counts[0] = 1;
        }
        return state;
    }

    @Override
    public Moments onOld(Moments state, Frame frame) {
        if (!statistic.subtractable()) {
            return Aggregation.super.onOld(state, frame);
        }
        state.add(frame, statistic, -1);
        return state;
    }

    @Override
    public Object result(Moments s) {
        if (statistic == Statistic.SIZE) {
            return series ? s.rows : s.rows * s.width;
        }
        if (series) {
            return s.value(statistic, 0, ddof);
        }
        Map<String, Number> out = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            // streamz's Mean divides by a count of 1 only when the count is a plain number (a Series');
            // a DataFrame's counts are a pandas Series, so 0 / 0 stays NaN.
            boolean noValues = statistic == Statistic.MEAN && s.counts[i] == 0;
            out.put(columns.get(i), noValues ? Double.NaN : s.value(statistic, i, ddof));
        }
        return out;
    }
}
