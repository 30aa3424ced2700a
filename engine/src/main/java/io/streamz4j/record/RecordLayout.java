package io.streamz4j.record;

import io.streamz4j.Arguments;
import io.streamz4j.record.value.DoubleValueDecoder;
import io.streamz4j.record.value.DoubleValueEncoder;
import io.streamz4j.record.value.LongValueDecoder;
import io.streamz4j.record.value.LongValueEncoder;
import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.record.value.WindowAggregateEncoder;

import java.nio.ByteOrder;
import java.util.function.Supplier;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;

/**
 * The fixed layout of one kind of record: an SBE message whose flyweights (an encoder and a
 * decoder over an Agrona buffer) SBE's tool generated from the user's schema. A record occupies
 * one slot: the standard 8-byte SBE message header (block length, template id, schema id,
 * version, each a uint16 in the schema's byte order) followed by the message's fixed block, so a
 * slot's bytes are a complete SBE message, the same bytes a journal stores and a publication
 * sends. Slots are padded to 8 bytes so every slot, and the 8-byte fields in it, start aligned.
 *
 * <p>Only fixed-length messages fit a slot: a schema's repeating groups and variable-length data
 * have no bound, so a message using them is not a record layout.
 *
 * <p>Thread safety: immutable once built; its factories make a new flyweight per call, which is
 * then confined to its user. Built-in layouts: {@link #LONG_VALUE} and {@link #DOUBLE_VALUE}, for
 * users without a schema of their own, and {@link #WINDOW_AGGREGATE}, what a record window emits.
 *
 * @param <E> the generated encoder
 * @param <D> the generated decoder
 */
public final class RecordLayout<E extends MessageEncoderFlyweight, D extends MessageDecoderFlyweight> {
    /** The length of the standard SBE message header each slot starts with. */
    public static final int HEADER_LENGTH = 8;
    private static final int SLOT_ALIGNMENT = 8;

    /** One long value and its timestamp (the built-in schema's {@code LongValue} message). */
    public static final RecordLayout<LongValueEncoder, LongValueDecoder> LONG_VALUE =
            of("LongValue", LongValueEncoder::new, LongValueDecoder::new);
    /** One double value and its timestamp (the built-in schema's {@code DoubleValue} message). */
    public static final RecordLayout<DoubleValueEncoder, DoubleValueDecoder> DOUBLE_VALUE =
            of("DoubleValue", DoubleValueEncoder::new, DoubleValueDecoder::new);
    /** One key's window aggregate (the built-in {@code WindowAggregate}), what {@link RecordFlow#window} emits. */
    public static final RecordLayout<WindowAggregateEncoder, WindowAggregateDecoder> WINDOW_AGGREGATE =
            of("WindowAggregate", WindowAggregateEncoder::new, WindowAggregateDecoder::new);

    private final String name;
    private final Supplier<? extends E> encoders;
    private final Supplier<? extends D> decoders;
    private final ByteOrder headerByteOrder;
    private final int blockLength;
    private final int templateId;
    private final int schemaId;
    private final int version;
    private final int slotLength;

    private RecordLayout(String name, Supplier<? extends E> encoders, Supplier<? extends D> decoders,
            ByteOrder headerByteOrder) {
        this.name = Arguments.requireNonNull(name, "RecordLayout", "name");
        String node = "RecordLayout[" + name + "]";
        this.encoders = Arguments.requireNonNull(encoders, node, "encoders");
        this.decoders = Arguments.requireNonNull(decoders, node, "decoders");
        this.headerByteOrder = Arguments.requireNonNull(headerByteOrder, node, "headerByteOrder");
        E encoder = Arguments.requireNonNull(encoders.get(), node, "encoders (it supplied null)");
        D decoder = Arguments.requireNonNull(decoders.get(), node, "decoders (it supplied null)");
        if (encoder.sbeSchemaId() != decoder.sbeSchemaId() || encoder.sbeTemplateId() != decoder.sbeTemplateId()
                || encoder.sbeBlockLength() != decoder.sbeBlockLength()) {
            throw new IllegalArgumentException(node + ": parameter 'decoders' makes "
                    + decoder.getClass().getSimpleName() + ", which does not decode the messages of 'encoders' ("
                    + encoder.getClass().getSimpleName() + "): schema " + decoder.sbeSchemaId() + " template "
                    + decoder.sbeTemplateId() + " against schema " + encoder.sbeSchemaId() + " template "
                    + encoder.sbeTemplateId());
        }
        this.blockLength = Arguments.requirePositive(encoder.sbeBlockLength(), node, "encoders (block length)");
        this.templateId = encoder.sbeTemplateId();
        this.schemaId = encoder.sbeSchemaId();
        this.version = encoder.sbeSchemaVersion();
        this.slotLength = BitUtil.align(HEADER_LENGTH + blockLength, SLOT_ALIGNMENT);
    }

    /**
     * The layout of the messages {@code encoders} and {@code decoders} make flyweights for, e.g.
     * {@code RecordLayout.of("Tick", TickEncoder::new, TickDecoder::new)}, whose schema is
     * little-endian (SBE's default).
     */
    public static <E extends MessageEncoderFlyweight, D extends MessageDecoderFlyweight> RecordLayout<E, D> of(
            String name, Supplier<? extends E> encoders, Supplier<? extends D> decoders) {
        return new RecordLayout<>(name, encoders, decoders, ByteOrder.LITTLE_ENDIAN);
    }

    /** As {@link #of(String, Supplier, Supplier)} for a schema of the given byte order. */
    public static <E extends MessageEncoderFlyweight, D extends MessageDecoderFlyweight> RecordLayout<E, D> of(
            String name, Supplier<? extends E> encoders, Supplier<? extends D> decoders, ByteOrder byteOrder) {
        return new RecordLayout<>(name, encoders, decoders, byteOrder);
    }

    /** The layout's name, used in thread names and messages. */
    public String name() {
        return name;
    }

    /** The length of the message's fixed block, without the header. */
    public int blockLength() {
        return blockLength;
    }

    /** The message's template id in its schema. */
    public int templateId() {
        return templateId;
    }

    /** The schema's id. */
    public int schemaId() {
        return schemaId;
    }

    /** The schema's version. */
    public int version() {
        return version;
    }

    /** The bytes one slot takes: header and block, padded to 8. */
    public int slotLength() {
        return slotLength;
    }

    /** A new encoder, not yet wrapped over any buffer. */
    public E newEncoder() {
        return encoders.get();
    }

    /** A new decoder, not yet wrapped over any buffer. */
    public D newDecoder() {
        return decoders.get();
    }

    /** Writes the message header at {@code offset}: what makes the slot's bytes a complete SBE message. */
    public void writeHeader(MutableDirectBuffer buffer, int offset) {
        buffer.putShort(offset, (short) blockLength, headerByteOrder);
        buffer.putShort(offset + 2, (short) templateId, headerByteOrder);
        buffer.putShort(offset + 4, (short) schemaId, headerByteOrder);
        buffer.putShort(offset + 6, (short) version, headerByteOrder);
    }

    /** The length of the SBE message a slot holds: header and block, without the slot's padding. */
    public int messageLength() {
        return HEADER_LENGTH + blockLength;
    }

    /**
     * Why the SBE message at {@code offset} of {@code buffer} is not one of this layout's records
     * (its header names another block length, template, schema or version), or null when it is
     * one: what code that takes slot bytes from outside a ring (a journal's replay, a
     * subscription) checks before a decoder reads them as this layout.
     */
    public String headerMismatch(DirectBuffer buffer, int offset) {
        int block = buffer.getShort(offset, headerByteOrder) & 0xFFFF;
        int template = buffer.getShort(offset + 2, headerByteOrder) & 0xFFFF;
        int schema = buffer.getShort(offset + 4, headerByteOrder) & 0xFFFF;
        int messageVersion = buffer.getShort(offset + 6, headerByteOrder) & 0xFFFF;
        if (block == blockLength && template == templateId && schema == schemaId && messageVersion == version) {
            return null;
        }
        return "its header, read " + headerByteOrder + ", says schema " + schema + " template " + template + " v"
                + messageVersion + ", " + block + "-byte block, where " + this + " is expected";
    }

    /** Wraps {@code encoder} over the record in the slot at {@code slotOffset} (after its header). */
    public E wrapEncoder(E encoder, MutableDirectBuffer buffer, int slotOffset) {
        encoder.wrap(buffer, slotOffset + HEADER_LENGTH);
        return encoder;
    }

    /** Wraps {@code decoder} over the record in the slot at {@code slotOffset} (after its header). */
    public D wrapDecoder(D decoder, DirectBuffer buffer, int slotOffset) {
        decoder.wrap(buffer, slotOffset + HEADER_LENGTH, blockLength, version);
        return decoder;
    }

    @Override
    public String toString() {
        return "RecordLayout[" + name + ", schema " + schemaId + " template " + templateId + " v" + version + ", "
                + blockLength + "-byte block]";
    }
}
