package io.streamz4j.frame.record;

import io.streamz4j.Arguments;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.record.RecordField.Encoding;
import io.streamz4j.record.RecordLayout;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The frame schema of a record layout: one column per field of the SBE message, in the order the
 * fields sit in the block, derived from the layout's generated decoder. SBE's Java generator gives
 * every field static {@code <field>EncodingOffset()}, {@code <field>EncodingLength()} and
 * {@code <field>Id()} methods and an accessor whose return type says the primitive type (unsigned
 * types widen: a uint16 reads as an int, a uint32 as a long); those are read once here, by
 * reflection, and never per record.
 *
 * <p>Types: int8, uint8, int16, uint16, int32 and single chars become INT columns; uint32, int64
 * and uint64 LONG (a uint64 keeps its bits, so values above {@code Long.MAX_VALUE} read negative);
 * float and double DOUBLE; an enum its raw encoding's column; a fixed-length character array a
 * STRING column (the frame's dictionary-encoded strings), holding the text up to the first NUL, as
 * the generated {@code <field>()} String accessor reads it. An int64 field named as a timestamp
 * becomes a TIMESTAMP column (nanoseconds since the epoch). Composites, bit sets and arrays of
 * numbers have no column type: a layout with one is refused, naming the field, unless the columns
 * are chosen without it ({@link #of(RecordLayout, List, Set)}).
 *
 * <p>Thread safety: immutable; string columns share the schema's dictionaries, which are
 * thread-safe, so every frame made from one schema compares its string ids with every other.
 */
public final class RecordSchema {
    private static final String NODE = "RecordSchema";

    private final String layoutName;
    private final ByteOrder byteOrder;
    private final List<RecordField> fields;
    private final Schema schema;

    private RecordSchema(String layoutName, ByteOrder byteOrder, List<RecordField> fields) {
        this.layoutName = layoutName;
        this.byteOrder = byteOrder;
        this.fields = List.copyOf(fields);
        List<Field> columns = new ArrayList<>(fields.size());
        for (RecordField f : fields) {
            columns.add(Field.of(f.name(), f.type()));
        }
        this.schema = Schema.of(columns);
    }

    /** Every field of {@code layout}, none of them a timestamp. */
    public static RecordSchema of(RecordLayout<?, ?> layout) {
        return of(layout, null, Set.of());
    }

    /**
     * The fields named in {@code columns} (null: every field) of {@code layout}, in the block's
     * order; the int64 fields named in {@code timestamps} become TIMESTAMP columns.
     */
    public static RecordSchema of(RecordLayout<?, ?> layout, List<String> columns, Set<String> timestamps) {
        Arguments.requireNonNull(layout, NODE, "layout");
        Arguments.requireNonNull(timestamps, NODE, "timestamps");
        String node = NODE + "[" + layout.name() + "]";
        Class<?> decoder = layout.newDecoder().getClass();
        List<RecordField> all = new ArrayList<>();
        for (Method method : decoder.getMethods()) {
            String name = method.getName();
            if (isStaticIntGetter(method) && name.endsWith("EncodingOffset")) {
                String field = name.substring(0, name.length() - "EncodingOffset".length());
                if (staticGetter(decoder, field + "Id") != null) {
                    all.add(field(node, decoder, field, timestamps.contains(field)));
                }
            }
        }
        all.sort(Comparator.comparingInt(RecordField::offset));
        Set<String> known = new HashSet<>();
        all.forEach(f -> known.add(f.name()));
        for (String t : timestamps) {
            if (!known.contains(t)) {
                throw new IllegalArgumentException(node + ": parameter 'timestamps' names '" + t
                        + "', which is no field of the layout; its fields are " + known);
            }
        }
        List<RecordField> chosen = columns == null ? all : choose(node, all, columns, known);
        for (RecordField f : chosen) {
            if (f.type() == null) {
                throw new IllegalArgumentException(node + ": field '" + f.name() + "' is a composite, bit set or"
                        + " array of numbers, which no frame column type holds; choose the columns without it");
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException(node + ": parameter 'columns' chooses no field");
        }
        return new RecordSchema(layout.name(), byteOrder(node, decoder), chosen);
    }

    private static List<RecordField> choose(String node, List<RecordField> all, List<String> columns, Set<String> known) {
        Set<String> wanted = new HashSet<>();
        for (String c : columns) {
            if (c == null || !known.contains(c)) {
                throw new IllegalArgumentException(node + ": parameter 'columns' names '" + c
                        + "', which is no field of the layout; its fields are " + known);
            }
            wanted.add(c);
        }
        List<RecordField> chosen = new ArrayList<>();
        for (RecordField f : all) {
            if (wanted.contains(f.name())) {
                chosen.add(f);
            }
        }
        return chosen;
    }

    /** The field {@code name} of {@code decoder}; its type is null when no column type holds it. */
    private static RecordField field(String node, Class<?> decoder, String name, boolean timestamp) {
        int offset = invokeInt(node, staticGetter(decoder, name + "EncodingOffset"));
        int length = invokeInt(node, staticGetter(decoder, name + "EncodingLength"));
        Encoding encoding = encoding(decoder, name, length);
        ColumnType type = encoding == null ? null : switch (encoding) {
            case INT8, UINT8, INT16, UINT16, INT32 -> ColumnType.INT;
            case UINT32, INT64 -> ColumnType.LONG;
            case FLOAT, DOUBLE -> ColumnType.DOUBLE;
            case CHARS -> ColumnType.STRING;
        };
        if (timestamp) {
            if (encoding != Encoding.INT64) {
                throw new IllegalArgumentException(node + ": parameter 'timestamps' names '" + name
                        + "', which is not an int64 field (" + (encoding == null ? "not a primitive" : encoding) + ")");
            }
            type = ColumnType.TIMESTAMP;
        }
        return new RecordField(name, offset, length, encoding, type);
    }

    /** How the field's bytes read, from its generated accessor; null when no column type holds it. */
    private static Encoding encoding(Class<?> decoder, String name, int length) {
        if (staticMethod(decoder, name + "CharacterEncoding") != null && staticGetter(decoder, name + "Length") != null) {
            return Encoding.CHARS;
        }
        if (staticGetter(decoder, name + "Length") != null) {
            return null; // an array of numbers
        }
        Method accessor = instanceGetter(decoder, name + "Raw"); // an enum's encoding
        if (accessor == null) {
            accessor = instanceGetter(decoder, name);
        }
        if (accessor == null) {
            return null;
        }
        Class<?> type = accessor.getReturnType();
        if (type == byte.class && length == 1) {
            return Encoding.INT8;
        } else if (type == short.class && length == 1) {
            return Encoding.UINT8;
        } else if (type == short.class && length == 2) {
            return Encoding.INT16;
        } else if (type == int.class && length == 2) {
            return Encoding.UINT16;
        } else if (type == int.class && length == 4) {
            return Encoding.INT32;
        } else if (type == long.class && length == 4) {
            return Encoding.UINT32;
        } else if (type == long.class && length == 8) {
            return Encoding.INT64;
        } else if (type == float.class && length == 4) {
            return Encoding.FLOAT;
        } else if (type == double.class && length == 8) {
            return Encoding.DOUBLE;
        }
        return null; // a composite or bit set: its accessor returns a flyweight
    }

    private static ByteOrder byteOrder(String node, Class<?> decoder) {
        try {
            return (ByteOrder) decoder.getField("BYTE_ORDER").get(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException(node + ": the layout's decoder " + decoder.getName()
                    + " has no BYTE_ORDER constant; is it generated by SBE's Java generator?", e);
        }
    }

    private static boolean isStaticIntGetter(Method m) {
        return Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && m.getReturnType() == int.class;
    }

    private static Method staticGetter(Class<?> decoder, String name) {
        Method m = staticMethod(decoder, name);
        return m != null && isStaticIntGetter(m) ? m : null;
    }

    private static Method staticMethod(Class<?> decoder, String name) {
        try {
            Method m = decoder.getMethod(name);
            return Modifier.isStatic(m.getModifiers()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Method instanceGetter(Class<?> decoder, String name) {
        try {
            Method m = decoder.getMethod(name);
            return Modifier.isStatic(m.getModifiers()) ? null : m;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static int invokeInt(String node, Method m) {
        try {
            return (int) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(node + ": cannot read " + m + ": " + e, e);
        }
    }

    /** The frame schema: one column per chosen field, named as the field. */
    public Schema schema() {
        return schema;
    }

    /** The chosen fields, in the block's order (the schema's column order). */
    public List<RecordField> fields() {
        return fields;
    }

    /** The byte order of the layout's fields (its schema's). */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** The layout's name. */
    public String layoutName() {
        return layoutName;
    }

    @Override
    public String toString() {
        return "RecordSchema[" + layoutName + ": " + schema + "]";
    }
}
