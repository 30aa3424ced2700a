package io.streamz4j.frame.record;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.node.FrameRefs;
import io.streamz4j.record.RecordHandler;
import io.streamz4j.record.RecordLayout;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * A record sink that batches records into Arrow {@link Frame}s, one column per field of the
 * layout ({@link RecordSchema}), for the DataFrame path: each record's field bytes are copied
 * straight from its slot into the columns' Arrow buffers, and when {@code rows} records are in,
 * the frame is emitted into an ordinary {@code Stream<Frame>} (for the streaming DataFrame,
 * {@code DataFrame.of(stream, toFrames.schema(), allocator)}). {@link #flush()} emits the rows in so far as a shorter
 * frame, and {@link #close()} flushes and lets go of the memory.
 *
 * <pre>{@code
 * Stream<Frame> frames = new Stream<>();
 * RecordsToFrames<TickDecoder> toFrames = RecordsToFrames.of(TICK, 10_000, allocator, frames);
 * RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(TICK).handler(toFrames).build();
 * }</pre>
 *
 * <p>Lending, as everywhere frames are made: the frame is emitted under a metadata ref
 * ({@link FrameRefs}) and this node releases its own reference once {@code emit} returns, so a
 * node that keeps the frame longer retains it (holding engine nodes do so through the ref).
 *
 * <p>Per record nothing is allocated: the columns' addresses are taken once per frame, each field
 * is read from the lent record's buffer at its fixed offset and written at the row's place, and a
 * character field's dictionary id is found from its bytes ({@link SymbolIds}; only a value never
 * seen before makes a String). Per frame the columns, the frame and its ref are new objects.
 *
 * <p>Thread safety: {@link #onRecord} runs on the thread that hands it records (a ring's consumer
 * thread), which is then the emitting thread of the target stream; {@link #flush()} and
 * {@link #close()} are called on that thread too, or once it has stopped (after the ring's
 * {@code close()}, which joins it). Holds the frame being filled, whose memory {@link #close()}
 * returns to the allocator.
 *
 * @param <D> the layout's decoder
 */
public final class RecordsToFrames<D extends MessageDecoderFlyweight> implements RecordHandler<D>, AutoCloseable {
    private static final String NODE = "RecordsToFrames";

    private final String name;
    private final RecordSchema recordSchema;
    private final Schema schema;
    private final int rows;
    private final BufferAllocator allocator;
    private final Stream<Frame> target;
    private final ByteOrder order;
    /** Per column: its field's encoding and offset in the block, and its width in the column. */
    private final RecordField.Encoding[] encodings;
    private final int[] offsets;
    private final int[] widths;
    /** Per column: the id table of a character field, else null. */
    private final SymbolIds[] symbols;
    /** The columns being filled and their data addresses; null between frames. */
    private Column[] filling;
    private final long[] addresses;
    private int filled;
    private boolean closed;

    private RecordsToFrames(String name, RecordSchema recordSchema, int rows, BufferAllocator allocator,
            Stream<Frame> target) {
        this.name = name;
        this.recordSchema = recordSchema;
        this.schema = recordSchema.schema();
        this.rows = rows;
        this.allocator = allocator;
        this.target = target;
        this.order = recordSchema.byteOrder();
        List<RecordField> fields = recordSchema.fields();
        int n = fields.size();
        this.encodings = new RecordField.Encoding[n];
        this.offsets = new int[n];
        this.widths = new int[n];
        this.symbols = new SymbolIds[n];
        this.addresses = new long[n];
        for (int c = 0; c < n; c++) {
            RecordField f = fields.get(c);
            encodings[c] = f.encoding();
            offsets[c] = f.offset();
            widths[c] = f.type().width();
            if (f.type() == ColumnType.STRING) {
                symbols[c] = new SymbolIds(schema.field(c).dictionary(), f.length());
            }
        }
    }

    /** Batches every field of {@code layout}'s records into frames of {@code rows} rows, emitted into {@code target}. */
    public static <D extends MessageDecoderFlyweight> RecordsToFrames<D> of(RecordLayout<?, D> layout, int rows,
            BufferAllocator allocator, Stream<Frame> target) {
        Arguments.requireNonNull(layout, NODE, "layout");
        return of(RecordSchema.of(layout), rows, allocator, target);
    }

    /**
     * As {@link #of(RecordLayout, int, BufferAllocator, Stream)} with the columns {@code schema}
     * chose (a subset of the fields, timestamps), e.g.
     * {@code RecordSchema.of(TICK, null, Set.of("exchangeTimestamp"))}.
     */
    public static <D extends MessageDecoderFlyweight> RecordsToFrames<D> of(RecordSchema schema, int rows,
            BufferAllocator allocator, Stream<Frame> target) {
        Arguments.requireNonNull(schema, NODE, "schema");
        String node = NODE + "[" + schema.layoutName() + "]";
        Arguments.requirePositive(rows, node, "rows");
        Arguments.requireNonNull(allocator, node, "allocator");
        Arguments.requireNonNull(target, node, "target");
        return new RecordsToFrames<>(node, schema, rows, allocator, target);
    }

    /** Copies the record's fields into the next row; emits the frame when it is full. */
    @Override
    public void onRecord(D record, long sequence, boolean endOfBatch) {
        if (filling == null) {
            startFrame();
        }
        DirectBuffer buffer = record.buffer();
        int block = record.offset();
        int row = filled;
        for (int c = 0; c < encodings.length; c++) {
            int at = block + offsets[c];
            long address = addresses[c] + (long) row * widths[c];
            switch (encodings[c]) {
                case INT8 -> MemoryUtil.putInt(address, buffer.getByte(at));
                case UINT8 -> MemoryUtil.putInt(address, buffer.getByte(at) & 0xFF);
                case INT16 -> MemoryUtil.putInt(address, buffer.getShort(at, order));
                case UINT16 -> MemoryUtil.putInt(address, buffer.getShort(at, order) & 0xFFFF);
                case INT32 -> MemoryUtil.putInt(address, buffer.getInt(at, order));
                case UINT32 -> MemoryUtil.putLong(address, buffer.getInt(at, order) & 0xFFFF_FFFFL);
                case INT64 -> MemoryUtil.putLong(address, buffer.getLong(at, order));
                case FLOAT -> MemoryUtil.putLong(address, Double.doubleToRawLongBits(buffer.getFloat(at, order)));
                case DOUBLE -> MemoryUtil.putLong(address, buffer.getLong(at, order)); // the double's bits as they are
                case CHARS -> MemoryUtil.putInt(address, symbols[c].idOf(buffer, at));
            }
        }
        filled = row + 1;
        if (filled == rows) {
            emit(filling);
        }
    }

    /** Emits the rows in so far (if any) as a frame of that many rows. */
    public void flush() {
        if (filled == 0) {
            return;
        }
        Column[] full = filling;
        Column[] shorter = new Column[full.length];
        try {
            for (int c = 0; c < full.length; c++) {
                shorter[c] = Column.allocateForOverwrite(schema.field(c), filled, allocator);
                MemoryUtil.copyMemory(addresses[c], shorter[c].address(), (long) filled * widths[c]);
            }
        } catch (RuntimeException | Error e) {
            Column.releaseAll(shorter);
            throw e;
        }
        Column.releaseAll(full);
        emit(shorter);
    }

    /** Flushes, then lets go of the memory held for the next frame. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flush();
        } finally {
            if (filling != null) {
                Column.releaseAll(filling);
                filling = null;
            }
        }
    }

    private void startFrame() {
        if (closed) {
            throw new IllegalStateException(name + " is closed: no record can be batched");
        }
        Column[] columns = new Column[schema.size()];
        try {
            for (int c = 0; c < columns.length; c++) {
                columns[c] = Column.allocateForOverwrite(schema.field(c), rows, allocator);
                addresses[c] = columns[c].checkedAddress();
            }
        } catch (RuntimeException | Error e) {
            Column.releaseAll(columns);
            throw e;
        }
        filling = columns;
    }

    /** Emits a frame of {@code columns} under a ref, the next record starting a new one. */
    private void emit(Column[] columns) {
        filling = null;
        filled = 0;
        Frame frame = Frame.of(schema, Arrays.asList(columns), null);
        RefCounter ref = FrameRefs.owning(frame);
        try {
            target.emit(frame, FrameRefs.withRef(Metadata.NONE, ref));
        } finally {
            ref.release();
        }
    }

    /** The frames' schema: one column per chosen field. */
    public Schema schema() {
        return schema;
    }

    /** The layout's fields as columns. */
    public RecordSchema recordSchema() {
        return recordSchema;
    }

    /** How many records the frame being filled holds. */
    public int pending() {
        return filled;
    }

    @Override
    public String toString() {
        return name;
    }
}
