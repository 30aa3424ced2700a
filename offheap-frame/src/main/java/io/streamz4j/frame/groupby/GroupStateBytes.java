package io.streamz4j.frame.groupby;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.agg.StateBytes;
import io.streamz4j.frame.kernel.GroupKeys;
import io.streamz4j.frame.kernel.GroupMoments;
import io.streamz4j.frame.kernel.KeyTuples;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A groupby's part of the {@link StateBytes} format (its class comment gives the layout): the key
 * fields, the value columns and per group its key, rows and moments. It lives beside
 * {@link GroupState} because it reads and rebuilds the state's tables; {@link StateBytes} writes the
 * version and kind bytes and calls it.
 *
 * <p>Thread safety: stateless; a state is read or written on the thread that owns it.
 */
public final class GroupStateBytes {
    private GroupStateBytes() {
    }

    /** Whether {@code g} groups by several keys (tuples) rather than one. */
    public static boolean keyedByTuples(GroupState g) {
        return g.tuples != null;
    }

    /** Writes {@code g} (after the kind byte {@link StateBytes} wrote). */
    public static void write(GroupState g, DataOutputStream out) throws IOException {
        List<Field> keys = keyFields(g);
        if (g.tuples != null) {
            out.writeInt(keys.size());
        }
        for (Field key : keys) {
            out.writeUTF(key.name());
            out.writeUTF(key.type().name());
        }
        out.writeInt(g.values.size());
        for (int c = 0; c < g.values.size(); c++) {
            out.writeUTF(g.values.get(c));
            out.writeBoolean(g.moments[c].keepsSquares());
            out.writeBoolean(g.moments[c].keepsExtremes());
        }
        int groups = g.keys.size();
        out.writeInt(groups);
        for (int slot = 0; slot < groups; slot++) {
            long[] raw = g.tuples == null ? new long[] {g.keys.rawKey(slot)} : g.tuples.rawParts(slot);
            for (int k = 0; k < raw.length; k++) {
                Field key = keys.get(k);
                if (key.type() == ColumnType.STRING) {
                    out.writeUTF(key.dictionary().valueOf((int) raw[k]));
                } else {
                    out.writeLong(raw[k]);
                }
            }
            out.writeLong(g.rows[slot]);
            for (GroupMoments m : g.moments) {
                out.writeLong(m.count(slot));
                out.writeDouble(m.sum(slot));
                if (m.keepsSquares()) {
                    out.writeDouble(m.sumSquares(slot));
                }
                if (m.keepsExtremes()) {
                    out.writeDouble(m.min(slot));
                    out.writeDouble(m.max(slot));
                }
            }
        }
    }

    /** The fields a state groups by: its one key, or its tuples' parts. */
    private static List<Field> keyFields(GroupState g) {
        return g.tuples == null ? List.of(g.keys.field()) : g.tuples.fields();
    }

    /** "name: TYPE" for one key, "[a: T, b: U]" for several: how refusals name a key shape. */
    private static String describe(List<String> keys) {
        return keys.size() == 1 ? keys.get(0) : keys.toString();
    }

    /** A state like {@code like} read from {@code in}; {@code tuples} when the kind byte said several keys. */
    public static GroupState read(GroupState like, boolean tuples, DataInputStream in) throws IOException {
        List<Field> keys = keyFields(like);
        int count = tuples ? in.readInt() : 1;
        List<String> shape = new ArrayList<>();
        List<String> expectedKeys = new ArrayList<>();
        for (int k = 0; k < count && k <= keys.size(); k++) { // as in readMoments: at most one extra
            shape.add(in.readUTF() + ": " + in.readUTF());
        }
        for (Field key : keys) {
            expectedKeys.add(key.name() + ": " + key.type().name());
        }
        if (count != keys.size() || !shape.equals(expectedKeys)) {
            throw new IllegalArgumentException("the state groups by " + describe(shape) + (count > shape.size()
                    ? " (of " + count + " keys)" : "") + ", the node by " + describe(expectedKeys));
        }
        int n = in.readInt();
        StringBuilder values = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int c = 0; c < n && c <= like.values.size(); c++) { // as in readMoments: at most one extra
            values.append(in.readUTF()).append(in.readBoolean() ? "+squares" : "").append(in.readBoolean() ? "+extremes" : "")
                    .append(' ');
        }
        GroupMoments[] moments = new GroupMoments[like.moments.length];
        for (int c = 0; c < moments.length; c++) {
            GroupMoments m = like.moments[c];
            expected.append(like.values.get(c)).append(m.keepsSquares() ? "+squares" : "")
                    .append(m.keepsExtremes() ? "+extremes" : "").append(' ');
            moments[c] = new GroupMoments(m.keepsSquares(), m.keepsExtremes());
        }
        if (n != like.values.size() || !values.toString().equals(expected.toString())) {
            throw new IllegalArgumentException("the state aggregates [" + values.toString().trim() + "], the node ["
                    + expected.toString().trim() + "]");
        }
        int groups = in.readInt();
        if (groups < 0 || groups > in.available()) {
            throw new IllegalArgumentException("the state is truncated or damaged: it claims " + groups
                    + " groups in " + in.available() + " bytes");
        }
        GroupKeys single = like.tuples == null ? new GroupKeys(keys.get(0)) : null;
        KeyTuples keyTuples = like.tuples == null ? null : new KeyTuples(keys);
        GroupState state = new GroupState(single, keyTuples, like.values, moments, new long[Math.max(16, groups)]);
        long[] raw = new long[keys.size()];
        for (int slot = 0; slot < groups; slot++) {
            for (int k = 0; k < raw.length; k++) {
                Field key = keys.get(k);
                raw[k] = key.type() == ColumnType.STRING ? key.dictionary().idOf(in.readUTF()) : in.readLong();
            }
            int found = keyTuples == null ? single.slotOfRawKey(raw[0]) : keyTuples.slotOfRawParts(raw);
            if (found != slot) {
                throw new IllegalArgumentException("the state has group " + state.key(found) + " twice");
            }
            state.rows[slot] = in.readLong();
            for (GroupMoments m : moments) {
                long c = in.readLong();
                double sum = in.readDouble();
                m.set(slot, c, sum, m.keepsSquares() ? in.readDouble() : 0);
                if (m.keepsExtremes()) {
                    m.setExtremes(slot, in.readDouble(), in.readDouble());
                }
            }
        }
        return state;
    }
}
