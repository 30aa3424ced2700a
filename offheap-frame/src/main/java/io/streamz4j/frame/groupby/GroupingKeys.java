package io.streamz4j.frame.groupby;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.expr.ColumnRef;
import io.streamz4j.frame.expr.Expr;

import org.apache.arrow.memory.BufferAllocator;

import java.util.ArrayList;
import java.util.List;

/**
 * What a groupby groups by (pandas' {@code by}): one or several keys, each a column of the frames
 * or a series computed from them ({@code df.x % 3}), evaluated on every frame. A plain column is
 * read in place; a computed key is evaluated into a new column, released once the frame is added.
 *
 * <p>Thread safety: immutable; {@link #evaluate} fills the caller's array.
 */
public final class GroupingKeys {
    private final List<Expr> keys;
    private final BufferAllocator allocator;

    private GroupingKeys(List<Expr> keys, BufferAllocator allocator) {
        this.keys = List.copyOf(keys);
        this.allocator = allocator;
    }

    /** Group by one column. */
    public static GroupingKeys column(String name) {
        return new GroupingKeys(List.of(new ColumnRef(name)), null);
    }

    /**
     * Group by {@code keys} (columns or computed expressions) of frames of {@code schema}; computed
     * keys are evaluated with {@code allocator}. Checks that every key exists and can be grouped by.
     */
    public static GroupingKeys of(List<Expr> keys, Schema schema, BufferAllocator allocator, String operation) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException(operation + ": no key to group by, got " + keys);
        }
        GroupingKeys g = new GroupingKeys(keys, allocator);
        for (Field f : g.fields(schema)) {
            if (!groupable(f.type())) {
                throw new IllegalArgumentException(operation + ": cannot group by '" + f.name() + "' of type "
                        + f.type());
            }
        }
        return g;
    }

    private static boolean groupable(ColumnType type) {
        return type == ColumnType.STRING || type.isNumeric() || type == ColumnType.BOOLEAN
                || type == ColumnType.TIMESTAMP;
    }

    public int size() {
        return keys.size();
    }

    /** The keys' names, pandas' index names (a computed key takes its left operand's). */
    public List<String> names() {
        List<String> out = new ArrayList<>(keys.size());
        for (Expr e : keys) {
            out.add(e.name());
        }
        return out;
    }

    /** The result's key name: the one key's, or the names joined by commas. */
    public String name() {
        return String.join(",", names());
    }

    /** The key fields over frames of {@code schema} (a column's own field, sharing its dictionary). */
    public List<Field> fields(Schema schema) {
        List<Field> out = new ArrayList<>(keys.size());
        for (Expr e : keys) {
            out.add(e instanceof ColumnRef ref ? schema.field(ref.name()) : Field.of(e.name(), e.type(schema)));
        }
        return out;
    }

    /**
     * The columns a groupby aggregates by default: the numeric and boolean ones (booleans as 0 and
     * 1, as pandas' groupby sums count their trues), but the key columns (a computed key is no column).
     */
    public List<String> defaultValues(Schema schema) {
        List<String> out = new ArrayList<>();
        for (Field f : schema.columns()) {
            if (f.type().isReducible() && !keys.contains(new ColumnRef(f.name()))) {
                out.add(f.name());
            }
        }
        return out;
    }

    /** Puts the key columns of {@code base} (an unfiltered frame) into {@code into}; pair with {@link #release}. */
    void evaluate(Frame base, Column[] into) {
        for (int i = 0; i < into.length; i++) {
            Expr e = keys.get(i);
            into[i] = e instanceof ColumnRef ref ? base.column(ref.name()) : e.evaluate(base, allocator);
        }
    }

    /** Releases the computed key columns {@link #evaluate} made and clears {@code columns}. */
    void release(Column[] columns) {
        for (int i = 0; i < columns.length; i++) {
            if (!(keys.get(i) instanceof ColumnRef) && columns[i] != null) {
                columns[i].release();
            }
            columns[i] = null;
        }
    }

    @Override
    public String toString() {
        return names().toString();
    }
}
