package io.streamz4j.checkpoint;

import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;

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

    static void writeHeader(byte version, byte kind, DataOutputStream out) throws IOException {
        out.writeByte(version);
        out.writeByte(kind);
    }

    /** Reads a header written by {@link #writeHeader}; refuses another version or kind, naming {@code what}. */
    static void readHeader(byte version, byte kind, String what, DataInputStream in) throws IOException {
        byte stored = in.readByte();
        if (stored != version) {
            throw new IllegalArgumentException(what + " format version " + stored + ", this build reads " + version);
        }
        if (in.readByte() != kind) {
            throw new IllegalArgumentException("the bytes hold no " + what);
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
