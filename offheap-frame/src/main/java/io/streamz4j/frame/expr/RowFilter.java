package io.streamz4j.frame.expr;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.BoundFilter;
import io.streamz4j.frame.kernel.RangeTest;
import org.apache.arrow.memory.BufferAllocator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A filter's predicate kept as comparisons rather than evaluated into a mask: a conjunction of
 * {@code column op number} tests on numeric columns ({@code df[(df.x > 0) & (df.y <= 3)]}). A
 * selection made with one ({@link Frame#filtered}) lets reductions evaluate the tests and reduce
 * in one pass over the column buffers ({@link io.streamz4j.frame.kernel.FilteredKernels}); the
 * mask is built only when something needs it (a gathered column, groupby).
 *
 * <p>Thread safety: immutable.
 */
public final class RowFilter {
    private final String[] columns;
    private final RangeTest[] tests;

    private RowFilter(String[] columns, RangeTest[] tests) {
        this.columns = columns;
        this.tests = tests;
    }

    /**
     * The filter {@code predicate} is, over frames of {@code schema}, when it is a comparison of a
     * numeric column with a number (or an AND of such); null when it is anything else.
     */
    public static RowFilter of(Expr predicate, Schema schema) {
        List<String> columns = new ArrayList<>();
        List<RangeTest> tests = new ArrayList<>();
        if (!collect(predicate, schema, columns, tests)) {
            return null;
        }
        return new RowFilter(columns.toArray(new String[0]), tests.toArray(new RangeTest[0]));
    }

    private static boolean collect(Expr e, Schema schema, List<String> columns, List<RangeTest> tests) {
        if (!(e instanceof Binary b)) {
            return false;
        }
        Expr[] both = b.conjuncts();
        if (both != null) {
            return collect(both[0], schema, columns, tests) && collect(both[1], schema, columns, tests);
        }
        String column = b.comparedColumn();
        if (column == null || !schema.field(column).type().isNumeric()) {
            return false;
        }
        columns.add(column);
        tests.add(b.scalarTest());
        return true;
    }

    /** Rows kept by both filters. */
    public RowFilter and(RowFilter other) {
        String[] c = Arrays.copyOf(columns, columns.length + other.columns.length);
        System.arraycopy(other.columns, 0, c, columns.length, other.columns.length);
        RangeTest[] t = Arrays.copyOf(tests, tests.length + other.tests.length);
        System.arraycopy(other.tests, 0, t, tests.length, other.tests.length);
        return new RowFilter(c, t);
    }

    /** Binds the tests to {@code frame}'s columns in {@code scratch} (cleared first); returns it. */
    public BoundFilter bind(Frame frame, BoundFilter scratch) {
        scratch.clear();
        for (int t = 0; t < tests.length; t++) {
            scratch.and(tests[t], frame.column(columns[t]));
        }
        return scratch;
    }

    /** How many rows of {@code frame} are kept. */
    public int count(Frame frame) {
        return bind(frame, new BoundFilter()).count();
    }

    /** The kept rows of {@code frame} as a new BOOLEAN mask column, owned by the caller. */
    public Column mask(Frame frame, BufferAllocator allocator) {
        BoundFilter bound = bind(frame, new BoundFilter());
        Column out = Column.allocate(Field.of(columns[0], ColumnType.BOOLEAN), frame.rows(), allocator);
        bound.writeMask(out.address());
        return out;
    }
}
