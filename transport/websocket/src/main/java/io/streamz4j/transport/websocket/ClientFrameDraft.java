package io.streamz4j.transport.websocket;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidFrameException;
import org.java_websocket.framing.ContinuousFrame;
import org.java_websocket.framing.Framedata;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The server side of RFC 6455 for {@link FromWebsocket}: Java-WebSocket's {@link Draft_6455} with
 * its message size limit, plus the rule it leaves out, that a server must close the connection on
 * a frame a client sent unmasked (section 5.1). It walks the frame headers in the bytes read, across
 * reads, ahead of the library's decoder; an unmasked frame fails the decoding as a protocol error
 * once the frames before it are handled (the library then closes with 1002).
 *
 * <p>Thread safety: the library copies the draft for each connection ({@link #copyInstance()}) and
 * decodes a connection's bytes on one decoder thread at a time, so the header state has one writer.
 */
final class ClientFrameDraft extends Draft_6455 {
    /** The longest frame header a client sends: 2 bytes, an 8-byte length, a 4-byte mask. */
    private static final int MAX_HEADER = 14;

    /** Stands, in the decoded frames, for the unmasked frame that ends them. */
    private static final Framedata UNMASKED = new ContinuousFrame();

    private final byte[] header = new byte[MAX_HEADER];
    private int headerBytes;
    private long payloadLeft;

    ClientFrameDraft(int maxMessageSize) {
        super(Collections.emptyList(), maxMessageSize);
    }

    /**
     * Decodes the frames before the first unmasked one, if any, and then a marker that makes
     * {@link #processFrame} fail after them: what a client sent correctly before its bad frame is
     * still delivered, in order.
     */
    @Override
    public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
        int unmasked = firstUnmasked(buffer.duplicate());
        if (unmasked < 0) {
            return super.translateFrame(buffer);
        }
        ByteBuffer before = buffer.duplicate();
        before.limit(unmasked);
        List<Framedata> frames = new ArrayList<>(super.translateFrame(before));
        buffer.position(buffer.limit());
        frames.add(UNMASKED);
        return frames;
    }

    @Override
    public void processFrame(WebSocketImpl webSocketImpl, Framedata frame) throws InvalidDataException {
        if (frame == UNMASKED) {
            throw new InvalidFrameException("a client's frame must be masked");
        }
        super.processFrame(webSocketImpl, frame);
    }

    /**
     * Walks the frame headers in {@code bytes}, carrying a header or payload that goes on past its
     * end to the next read; returns where the first unmasked frame starts (this read's start if
     * its header began in an earlier read), or -1.
     */
    private int firstUnmasked(ByteBuffer bytes) {
        int readStart = bytes.position();
        int frameStart = readStart;
        while (bytes.hasRemaining()) {
            if (payloadLeft > 0) {
                int skipped = (int) Math.min(payloadLeft, bytes.remaining());
                bytes.position(bytes.position() + skipped);
                payloadLeft -= skipped;
                continue;
            }
            if (headerBytes == 0) {
                frameStart = bytes.position();
            }
            header[headerBytes++] = bytes.get();
            if (headerBytes < 2) {
                continue;
            }
            if ((header[1] & 0x80) == 0) {
                return Math.max(frameStart, readStart);
            }
            int length7 = header[1] & 0x7F;
            int lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
            if (headerBytes < 2 + lengthBytes + 4) {
                continue;
            }
            long length = length7;
            if (lengthBytes > 0) {
                length = 0;
                for (int i = 0; i < lengthBytes; i++) {
                    length = length << 8 | (header[2 + i] & 0xFF);
                }
            }
            payloadLeft = length; // a length over the limit is the library's to refuse, with 1009
            headerBytes = 0;
        }
        return -1;
    }

    @Override
    public void reset() {
        super.reset();
        headerBytes = 0;
        payloadLeft = 0;
    }

    @Override
    public Draft copyInstance() {
        return new ClientFrameDraft(getMaxFrameSize());
    }
}
