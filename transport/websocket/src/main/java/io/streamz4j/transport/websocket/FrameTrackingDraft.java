package io.streamz4j.transport.websocket;

import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.Framedata;

import java.nio.ByteBuffer;

/**
 * RFC 6455 framing that tells the {@link HandOff} which buffer each data frame was encoded into, so
 * that the write of that buffer to the socket can be recognised. Control frames are not reported.
 *
 * <p>Thread safety: the library encodes on the thread that sends (data frames: the emitting
 * thread) and copies the draft for each connection ({@link #copyInstance()}); the copies share the
 * hand-off.
 */
final class FrameTrackingDraft extends Draft_6455 {
    private final HandOff handOff;

    FrameTrackingDraft(HandOff handOff) {
        this.handOff = handOff;
    }

    @Override
    public ByteBuffer createBinaryFrame(Framedata framedata) {
        ByteBuffer frame = super.createBinaryFrame(framedata);
        Opcode opcode = framedata.getOpcode();
        if (opcode == Opcode.BINARY || opcode == Opcode.TEXT || opcode == Opcode.CONTINUOUS) {
            handOff.framed(frame.array());
        }
        return frame;
    }

    @Override
    public Draft copyInstance() {
        return new FrameTrackingDraft(handOff);
    }
}
