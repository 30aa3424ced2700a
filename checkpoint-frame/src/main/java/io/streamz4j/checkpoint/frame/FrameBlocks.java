package io.streamz4j.checkpoint.frame;

import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The parts frame snapshots share: a header (format version and a kind byte), length-prefixed
 * blocks, and a counted list of frames each stored as one block of Arrow IPC. Reading checks
 * every length against what is left, so a cut-short or damaged state is refused rather than read
 * past its end.
 *
 * <p>Thread safety: stateless.
 */
final class FrameBlocks {
    private FrameBlocks() {
    }

    /** What a snapshot writes after its header. */
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** What a restore reads after the header; frames it reads go to {@code frames}, released afterwards. */
    interface Reading {
        void read(DataInputStream in, List<Frame> frames) throws IOException;
    }

    /** A snapshot's bytes: a version byte, a kind byte, then {@code body}. */
    static byte[] write(byte version, byte kind, Body body) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(version);
            out.writeByte(kind);
            body.write(out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    /**
     * Reads what {@link #write} wrote: the header is checked (another version or kind is refused,
     * naming {@code what}), {@code reading} reads the rest, and nothing may follow. Every failure,
     * a cut-short state included, becomes the exception {@code failure} makes of a reason and its
     * cause. The frames read are released at the end, whatever happened: the node retained what
     * it keeps.
     */
    static void read(byte[] state, byte version, byte kind, String what, Reading reading,
            BiFunction<String, Exception, IllegalArgumentException> failure) {
        List<Frame> frames = new ArrayList<>();
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
            byte stored = in.readByte();
            if (stored != version) {
                throw new IllegalArgumentException(what + " format version " + stored + ", this build reads "
                        + version);
            }
            if (in.readByte() != kind) {
                throw new IllegalArgumentException("the bytes hold no " + what);
            }
            reading.read(in, frames);
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " bytes follow the " + what);
            }
        } catch (EOFException e) {
            throw failure.apply("it is truncated (" + state.length + " bytes)", e);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        } catch (RuntimeException e) {
            throw failure.apply(e.getMessage(), e);
        } finally {
            frames.forEach(Frame::release);
        }
    }

    static void writeBlock(byte[] block, DataOutputStream out) throws IOException {
        out.writeInt(block.length);
        out.write(block);
    }

    static byte[] readBlock(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new EOFException("a block of " + length + " bytes with " + in.available() + " left");
        }
        byte[] block = new byte[length];
        in.readFully(block);
        return block;
    }

    /** Writes the frame count, then each frame as a block of Arrow IPC made through {@code allocator}. */
    static void writeFrames(List<Frame> frames, BufferAllocator allocator, DataOutputStream out) throws IOException {
        out.writeInt(frames.size());
        for (Frame frame : frames) {
            writeBlock(frame.toIpc(allocator), out);
        }
    }

    /**
     * Reads what {@link #writeFrames} wrote as frames of {@code schema} into {@code into} (which
     * then owns them, also when a later frame fails to read).
     */
    static void readFrames(DataInputStream in, Schema schema, BufferAllocator allocator, List<Frame> into)
            throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IllegalArgumentException("it claims " + count + " frames in " + in.available() + " bytes");
        }
        for (int i = 0; i < count; i++) {
            byte[] ipc = readBlock(in);
            try {
                into.add(Frame.fromIpc(schema, ipc, allocator));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("frame " + i + " does not read as a frame of " + schema + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
