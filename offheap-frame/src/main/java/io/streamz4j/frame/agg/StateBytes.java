package io.streamz4j.frame.agg;

import io.streamz4j.frame.groupby.GroupState;
import io.streamz4j.frame.groupby.GroupStateBytes;
import io.streamz4j.frame.kernel.KeyTuples;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The running states of the built-in reductions ({@link Moments}) and groupbys ({@link GroupState})
 * as bytes and back, for checkpoints: a small explicit format, not Java serialization. Every state
 * starts with a version byte ({@link #VERSION}) and a kind byte; then, for moments, the reduced
 * columns (name, integral) and per column count, sum, exact integral sum, sum of squares, min and
 * max, then the frame width and rows; for a groupby, the key column (name, type), the value columns
 * (name, keeps squares, keeps extremes), then per group in slot order its key, rows and per value
 * column the moments it keeps. A groupby over several keys (kind {@code 'T'}; one key is kind
 * {@code 'G'}, unchanged) writes the number of keys before their (name, type) and per group its
 * tuple's parts in key order; reading adds the tuples back in slot order, which rebuilds the pair
 * tables of {@link KeyTuples} (slot pairs of this process, never written). String keys are written
 * as the strings: dictionary ids are handed out in the order a process first meets each string, so
 * they differ after a restart, and are looked up again (or added) in the reading schema's
 * dictionary; other keys as their values (a double's bits, a boolean's 0 or 1). A
 * {@link SelfWritingState} (kind {@code 'S'}) writes its form's name, then itself.
 *
 * <p>Reading fills a state shaped like {@code like} (the restoring node's own, which names the
 * columns, key and statistic) and refuses bytes of another shape, another version, cut short or
 * with bytes left over, with an {@link IllegalArgumentException} saying which.
 *
 * <p>Thread safety: stateless; a state is read or written on the thread that owns it.
 */
public final class StateBytes {
    /** The format's version, the first byte of every state. */
    public static final byte VERSION = 1;
    private static final byte MOMENTS = 'M';
    private static final byte GROUPS = 'G';
    /** A groupby over several keys: as {@link #GROUPS}, with the key count first and every key tuple's parts. */
    private static final byte TUPLES = 'T';
    /** A {@link SelfWritingState}: its form's name, then what it writes. */
    private static final byte SELF = 'S';

    private StateBytes() {
    }

    /** Whether {@code state} is one this class reads and writes. */
    public static boolean supports(Object state) {
        return state instanceof Moments || state instanceof GroupState || state instanceof SelfWritingState;
    }

    /** {@code state} (a {@link Moments} or a {@link GroupState}) as bytes. */
    public static byte[] write(Object state) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            if (state instanceof Moments m) {
                out.writeByte(MOMENTS);
                writeMoments(m, out);
            } else if (state instanceof GroupState g) {
                out.writeByte(GroupStateBytes.keyedByTuples(g) ? TUPLES : GROUPS);
                GroupStateBytes.write(g, out);
            } else if (state instanceof SelfWritingState<?> self) {
                out.writeByte(SELF);
                out.writeUTF(self.formName());
                self.writeTo(out);
            } else {
                throw new IllegalArgumentException("only a reduction's or a groupby's state can be written as bytes, got "
                        + (state == null ? "null" : state.getClass().getName()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    /** A new state like {@code like} (same columns, key and statistic) holding what {@code bytes} says. */
    @SuppressWarnings("unchecked")
    public static <S> S read(S like, byte[] bytes) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("state format version " + version + ", this build reads "
                        + VERSION);
            }
            byte kind = in.readByte();
            Object state;
            if (like instanceof Moments m) {
                expectKind(kind, MOMENTS, "a reduction's");
                state = readMoments(m, in);
            } else if (like instanceof GroupState g) {
                if (kind != TUPLES) {
                    expectKind(kind, GROUPS, "a groupby's");
                }
                state = GroupStateBytes.read(g, kind == TUPLES, in);
            } else if (like instanceof SelfWritingState<?> self) {
                expectKind(kind, SELF, "a " + self.formName());
                String form = in.readUTF();
                if (!form.equals(self.formName())) {
                    throw new IllegalArgumentException("the state is a " + form + " state, the node keeps a "
                            + self.formName() + " one");
                }
                state = self.readLike(in);
            } else {
                throw new IllegalArgumentException("only a reduction's or a groupby's state can be read from bytes,"
                        + " the node's is " + (like == null ? "null" : like.getClass().getName()));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " bytes follow the state: not one this node wrote");
            }
            return (S) state;
        } catch (EOFException e) {
            throw new IllegalArgumentException("the state is truncated (" + bytes.length + " bytes)", e);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
    }

    private static void expectKind(byte kind, byte wanted, String what) {
        if (kind != wanted) {
            throw new IllegalArgumentException("the bytes are not " + what + " state (kind byte " + kind + ")");
        }
    }

    private static void writeMoments(Moments m, DataOutputStream out) throws IOException {
        out.writeInt(m.columns.size());
        for (int i = 0; i < m.columns.size(); i++) {
            out.writeUTF(m.columns.get(i));
            out.writeBoolean(m.integral[i]);
        }
        for (int i = 0; i < m.columns.size(); i++) {
            out.writeLong(m.counts[i]);
            out.writeDouble(m.sums[i]);
            out.writeLong(m.integralSums[i]);
            out.writeDouble(m.sumSquares[i]);
            out.writeDouble(m.mins[i]);
            out.writeDouble(m.maxs[i]);
        }
        out.writeInt(m.width);
        out.writeLong(m.rows);
    }

    private static Moments readMoments(Moments like, DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> columns = new ArrayList<>();
        List<Boolean> integral = new ArrayList<>();
        // at most one column more than the node has: enough to tell the shapes apart, whatever n claims
        for (int i = 0; i < n && i <= like.columns.size(); i++) {
            columns.add(in.readUTF());
            integral.add(in.readBoolean());
        }
        List<Boolean> expected = new ArrayList<>();
        for (boolean b : like.integral) {
            expected.add(b);
        }
        if (n != like.columns.size() || !columns.equals(like.columns) || !integral.equals(expected)) {
            throw new IllegalArgumentException("the state reduces columns " + columns + " (integral " + integral
                    + "), the node " + like.columns + " (integral " + expected + ")");
        }
        Moments m = like.copy();
        for (int i = 0; i < n; i++) {
            m.counts[i] = in.readLong();
            m.sums[i] = in.readDouble();
            m.integralSums[i] = in.readLong();
            m.sumSquares[i] = in.readDouble();
            m.mins[i] = in.readDouble();
            m.maxs[i] = in.readDouble();
        }
        int width = in.readInt();
        if (width != like.width) {
            throw new IllegalArgumentException("the state is of frames " + width + " columns wide, the node's "
                    + like.width);
        }
        m.rows = in.readLong();
        return m;
    }
}
