package io.streamz4j.transport.scatter.wire;

import io.streamz4j.transport.scatter.RefusedMessageException;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * PROGRAM, coordinator to worker, before the first TASK that names it: {@code int programId, int
 * stepCount, steps: byte kind, string functionName} (kind 1 map, 2 filter, 3 starmap, 4 flatten,
 * 5 accumulate; the name is empty for flatten). A worker keeps every program it was sent.
 *
 * <p>Thread safety: static methods over the caller's buffer; nothing retained.
 */
public final class ProgramMessage {
    /** The most steps a program may have; more is refused (a guard against garbage counts). */
    public static final int MAX_STEPS = 1024;

    private ProgramMessage() {
    }

    /** One step of a program: its kind's code and its function's registered name. */
    public record Step(byte kind, String functionName) {
    }

    public static void encode(WireWriter out, long workerUid, int programId, List<Step> steps) {
        out.header(Protocol.PROGRAM, workerUid).putInt(programId).putInt(steps.size());
        for (Step step : steps) {
            out.putByte(step.kind()).putString(step.functionName());
        }
    }

    public static int programId(DirectBuffer buffer, int offset, int length) {
        if (length < MessageHeader.LENGTH + 8) {
            throw new RefusedMessageException("PROGRAM of " + length + " bytes, shorter than its id and step count");
        }
        return buffer.getInt(offset + MessageHeader.LENGTH);
    }

    /** The steps of a PROGRAM of {@code length} bytes (kinds not checked: the worker knows them). */
    public static List<Step> steps(DirectBuffer buffer, int offset, int length) {
        WireReader in = new WireReader().wrap(buffer, offset + MessageHeader.LENGTH, offset + length);
        in.readInt("PROGRAM id");
        int count = in.readLength(5, "PROGRAM step count");
        if (count > MAX_STEPS) {
            throw new RefusedMessageException("PROGRAM of " + count + " steps, more than " + MAX_STEPS);
        }
        List<Step> steps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte kind = in.readByte("PROGRAM step kind");
            steps.add(new Step(kind, in.readString("PROGRAM step function")));
        }
        in.requireEnd("PROGRAM");
        return steps;
    }
}
