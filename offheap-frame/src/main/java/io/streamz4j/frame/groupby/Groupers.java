package io.streamz4j.frame.groupby;

import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.RangeLabels;
import io.streamz4j.frame.Series;
import io.streamz4j.frame.expr.ColumnRef;
import io.streamz4j.frame.expr.Expr;
import io.streamz4j.frame.expr.IndexRef;
import io.streamz4j.frame.expr.RangeIndex;
import io.streamz4j.frame.groupby.GroupingKeys;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns what a user groups by — pandas' {@code by}: a column name, a {@link Series} computed from
 * the same DataFrame ({@code df.x % 3}, {@code index(df) % 2}), or a list of these — into {@link GroupingKeys}, checking
 * each: an unknown column, a series of another DataFrame or a key that cannot be grouped by is an
 * IllegalArgumentException naming it.
 *
 * <p>Thread safety: stateless.
 */
public final class Groupers {
    private Groupers() {
    }

    /**
     * {@code df.index} as a series, to group by it or by an expression over it ({@code
     * Groupers.index(df).mod(2)}, streamz's {@code sdf.groupby(sdf.index % 2)}); frames that
     * declare no index have pandas' default one, each frame's labels 0..rows-1 ({@link RangeIndex}).
     */
    public static Series index(DataFrame df) {
        if (df == null) {
            throw new IllegalArgumentException("index: the DataFrame is null");
        }
        Field index = df.schema().index();
        // frames labelled with their row numbers may be selections over frames without an index,
        // whose keys are evaluated over the source's rows: RangeIndex gives those their row numbers
        boolean range = index == null || index.equals(RangeLabels.FIELD);
        return new Series(df, range ? RangeIndex.INSTANCE : IndexRef.of(df.schema(), "index"));
    }

    /** The keys {@code keys} (Strings and Series) over the frames of {@code root}, for {@code operation}. */
    public static GroupingKeys resolve(DataFrame root, List<?> keys, String operation) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException(operation + ": give one key or more (column names or series), got "
                    + keys);
        }
        List<Expr> exprs = new ArrayList<>(keys.size());
        for (Object k : keys) {
            if (k instanceof String name) {
                root.schema().field(name);
                exprs.add(new ColumnRef(name));
            } else if (k instanceof Series s) {
                s.requireOver(root, operation);
                exprs.add(s.expr());
            } else {
                throw new IllegalArgumentException(operation + ": a key is a column name or a Series of the same"
                        + " DataFrame, got " + (k == null ? "null" : k.getClass().getSimpleName() + " " + k));
            }
        }
        return GroupingKeys.of(exprs, root.schema(), root.allocator(), operation);
    }
}
