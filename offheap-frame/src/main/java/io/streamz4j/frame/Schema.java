package io.streamz4j.frame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a {@link Frame}, streamz's {@code example}: the ordered columns and, optionally, an
 * index column (pandas' index; a frame without one has pandas' default range index). Every frame
 * that enters a DataFrame is checked against its schema, so a wrong batch is refused with the
 * column named before anything downstream sees it.
 *
 * <p>Thread safety: immutable.
 */
public final class Schema {
    private final List<Field> columns;
    private final Field index;
    private final Map<String, Integer> positions;

    private Schema(List<Field> columns, Field index) {
        this.columns = List.copyOf(columns);
        this.index = index;
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (byName.put(columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException("column '" + columns.get(i).name() + "' appears twice in a schema");
            }
        }
        this.positions = Collections.unmodifiableMap(byName);
    }

    /** A schema of these columns with the default range index. */
    public static Schema of(List<Field> columns) {
        return new Schema(columns, null);
    }

    /** A schema of these columns indexed by {@code index} (a LONG or TIMESTAMP field, or null). */
    public static Schema of(List<Field> columns, Field index) {
        if (index != null && index.type() != ColumnType.LONG && index.type() != ColumnType.TIMESTAMP
                && index.type() != ColumnType.INT && index.type() != ColumnType.DOUBLE) {
            throw new IllegalArgumentException("index '" + index.name() + "' must be numeric or TIMESTAMP, got "
                    + index.type());
        }
        return new Schema(columns, index);
    }

    /** Starts a schema: {@code Schema.builder().add("name", STRING).add("amount", DOUBLE).build()}. */
    public static Builder builder() {
        return new Builder();
    }

    public List<Field> columns() {
        return columns;
    }

    public int size() {
        return columns.size();
    }

    public Field field(int position) {
        return columns.get(position);
    }

    /** The position of column {@code name}; an IllegalArgumentException naming it and the columns if absent. */
    public int position(String name) {
        Integer p = positions.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown column '" + name + "': the columns are " + names());
        }
        return p;
    }

    public boolean has(String name) {
        return positions.containsKey(name);
    }

    public Field field(String name) {
        return columns.get(position(name));
    }

    /** The index field, or null for the default range index. */
    public Field index() {
        return index;
    }

    public List<String> names() {
        List<String> names = new ArrayList<>(columns.size());
        for (Field f : columns) {
            names.add(f.name());
        }
        return names;
    }

    /** The same columns with another index (null: the range index). */
    public Schema withIndex(Field newIndex) {
        return of(columns, newIndex);
    }

    /** These columns only, in this order, keeping the index. */
    public Schema select(List<String> names) {
        List<Field> picked = new ArrayList<>(names.size());
        for (String n : names) {
            picked.add(field(n));
        }
        return new Schema(picked, index);
    }

    /** This schema with {@code field} replacing the column of its name, or appended if new. */
    public Schema with(Field field) {
        List<Field> next = new ArrayList<>(columns);
        Integer p = positions.get(field.name());
        if (p == null) {
            next.add(field);
        } else {
            next.set(p, field);
        }
        return new Schema(next, index);
    }

    /** Whether frames of {@code other} fit this schema: same names, types and index, in order. */
    public boolean matches(Schema other) {
        return columns.equals(other.columns) && java.util.Objects.equals(index, other.index);
    }

    /** Why {@code other} does not fit this schema, naming the first differing column; null if it fits. */
    public String mismatch(Schema other) {
        for (int i = 0; i < Math.max(columns.size(), other.columns.size()); i++) {
            Field want = i < columns.size() ? columns.get(i) : null;
            Field got = i < other.columns.size() ? other.columns.get(i) : null;
            if (want == null) {
                return "unexpected column '" + got.name() + "' (" + got.type() + ")";
            }
            if (got == null) {
                return "missing column '" + want.name() + "' (" + want.type() + ")";
            }
            if (!want.equals(got) && want.name().equals(got.name()) && want.type() == got.type()) {
                return "column '" + want.name() + "' has another dictionary: build frames with the DataFrame's own"
                        + " schema (or one derived from it) so string ids agree";
            }
            if (!want.equals(got)) {
                return "column " + i + " should be '" + want.name() + "' (" + want.type() + ") but is '"
                        + got.name() + "' (" + got.type() + ")";
            }
        }
        if (!java.util.Objects.equals(index, other.index)) {
            return "index should be " + (index == null ? "the range index" : index) + " but is "
                    + (other.index == null ? "the range index" : other.index);
        }
        return null;
    }

    @Override
    public String toString() {
        return "Schema" + columns + (index == null ? "" : " index " + index);
    }

    /** Builds a {@link Schema} column by column. Not thread-safe. */
    public static final class Builder {
        private final List<Field> columns = new ArrayList<>();
        private Field index;

        public Builder add(String name, ColumnType type) {
            columns.add(Field.of(name, type));
            return this;
        }

        public Builder index(String name, ColumnType type) {
            index = Field.of(name, type);
            return this;
        }

        public Schema build() {
            return Schema.of(columns, index);
        }
    }
}
