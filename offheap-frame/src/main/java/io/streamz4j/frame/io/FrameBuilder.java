package io.streamz4j.frame.io;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoVector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds frames from Java values: rows of objects or records of column name to value. Every value
 * is checked against its column's type, and a mismatch fails with the column and row named before
 * any frame exists (all memory taken so far is given back).
 *
 * <p>Thread safety: stateless; call from any thread.
 */
public final class FrameBuilder {
    private FrameBuilder() {
    }

    /** Reads one row's value of one column (by position: schema columns, then the index). */
    private interface Cell {
        Object get(int row, int column);
    }

    public static Frame fromRows(Schema schema, List<Object[]> rows, BufferAllocator allocator) {
        int width = schema.size() + (schema.index() == null ? 0 : 1);
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            if (row == null || row.length != width) {
                throw new IllegalArgumentException("row " + r + " has " + (row == null ? "no" : row.length)
                        + " values, schema " + schema + " needs " + width);
            }
        }
        return build(schema, rows.size(), (r, c) -> rows.get(r)[c], allocator);
    }

    public static Frame fromRecords(Schema schema, List<? extends Map<String, ?>> records, BufferAllocator allocator) {
        List<String> names = new ArrayList<>(schema.names());
        if (schema.index() != null) {
            names.add(schema.index().name());
        }
        for (int r = 0; r < records.size(); r++) {
            Map<String, ?> record = records.get(r);
            if (record == null) {
                throw new IllegalArgumentException("record " + r + " is null");
            }
            for (String key : record.keySet()) {
                if (!names.contains(key)) {
                    throw new IllegalArgumentException("unknown column '" + key + "' in record " + r
                            + ": the columns are " + names);
                }
            }
            for (String name : names) {
                if (!record.containsKey(name)) {
                    throw new IllegalArgumentException("record " + r + " lacks column '" + name + "'");
                }
            }
        }
        return build(schema, records.size(), (r, c) -> records.get(r).get(names.get(c)), allocator);
    }

    private static Frame build(Schema schema, int rows, Cell cell, BufferAllocator allocator) {
        List<Column> built = new ArrayList<>(schema.size());
        Column index = null;
        try {
            for (int c = 0; c < schema.size(); c++) {
                built.add(column(schema.field(c), c, rows, cell, allocator));
            }
            if (schema.index() != null) {
                index = column(schema.index(), schema.size(), rows, cell, allocator);
            }
        } catch (RuntimeException | Error e) {
            built.forEach(Column::release);
            throw e;
        }
        return Frame.of(schema, built, index);
    }

    private static Column column(Field field, int position, int rows, Cell cell, BufferAllocator allocator) {
        Column column = Column.allocate(field, rows, allocator);
        try {
            for (int r = 0; r < rows; r++) {
                set(column, r, cell.get(r, position));
            }
            return column;
        } catch (RuntimeException | Error e) {
            column.release();
            throw e;
        }
    }

    private static void set(Column column, int row, Object value) {
        switch (column.type()) {
            case DOUBLE:
                ((Float8Vector) column.vector()).set(row, value == null ? Double.NaN : number(column, row, value).doubleValue());
                break;
            case INT:
                long v = integral(column, row, value);
                if (v != (int) v) {
                    throw mismatch(column, row, value, "a 32-bit int");
                }
                ((IntVector) column.vector()).set(row, (int) v);
                break;
            case LONG:
                ((BigIntVector) column.vector()).set(row, integral(column, row, value));
                break;
            case BOOLEAN:
                if (!(value instanceof Boolean b)) {
                    throw mismatch(column, row, value, "a boolean");
                }
                ((BitVector) column.vector()).set(row, b ? 1 : 0);
                break;
            case STRING:
                if (!(value instanceof String s)) {
                    throw mismatch(column, row, value, "a string");
                }
                ((IntVector) column.vector()).set(row, column.field().dictionary().idOf(s));
                break;
            case TIMESTAMP:
                long nanos = value instanceof Instant i ? i.getEpochSecond() * 1_000_000_000L + i.getNano()
                        : integral(column, row, value);
                ((TimeStampNanoVector) column.vector()).set(row, nanos);
                break;
            default:
                throw new IllegalArgumentException("column '" + column.name() + "': unsupported type " + column.type());
        }
    }

    private static Number number(Column column, int row, Object value) {
        if (!(value instanceof Number n)) {
            throw mismatch(column, row, value, "a number");
        }
        return n;
    }

    private static long integral(Column column, int row, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw mismatch(column, row, value, "an integer");
    }

    private static IllegalArgumentException mismatch(Column column, int row, Object value, String wanted) {
        return new IllegalArgumentException("column '" + column.name() + "' (" + column.type() + "), row " + row
                + ": expected " + wanted + ", got " + (value == null ? "null" : value.getClass().getSimpleName()
                + " " + value));
    }
}
