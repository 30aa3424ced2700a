package io.streamz4j.frame.node;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.RetainedFrames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a frame stays alive while engine nodes hold it. A node that emits a frame it owns (or has
 * retained) emits it with {@link #withRef}: the element's metadata gains a {@link RefCounter} under
 * {@code "ref"} whose zero-callback releases the frame. Holding engine nodes (buffer,
 * sliding_window, partition, zip, ...) already retain an element's metadata refs while they hold
 * it and release them when they let it go, so the frame lives exactly as long as the last holder;
 * the emitter drops its own reference with {@link RefCounter#release()} once {@code emit} returns.
 * The counter is a {@link RefCounter#keepingAlive} one guarding the frame, so {@code sinkToList()}
 * retains it when it lists that frame (or a tuple of frames) and a listed frame stays readable
 * until it leaves the list; a list of values derived from the frame, or a checkpoint's counter,
 * holds nothing. Other code that keeps a frame outside the engine (a
 * cache) retains the frame itself, as {@link RetainedFrames} does. An element whose downstream throws stays retained (the engine's rule,
 * so a checkpoint never passes it), and so does its frame: a pipeline that throws keeps that frame's
 * memory; frames are checked before they are emitted wherever that can be done (schemas,
 * map_partitions results) so that bad input does not get that far.
 *
 * <p>Thread safety: stateless; the counter may be released on any thread (a buffer's consumer).
 */
public final class FrameRefs {
    private FrameRefs() {
    }

    /** {@code metadata} plus a ref whose last release releases {@code frame} (taking over one reference of it). */
    public static List<Map<String, Object>> withRef(List<Map<String, Object>> metadata, RefCounter ref) {
        if (metadata == null || metadata.isEmpty()) {
            return Metadata.withRef(ref);
        }
        List<Map<String, Object>> out = new ArrayList<>(metadata.size() + 1);
        out.addAll(metadata);
        out.add(Map.of(Metadata.REF, ref));
        return out;
    }

    /** A counter holding the one reference of {@code frame} the caller hands over. */
    public static RefCounter owning(Frame frame) {
        return RefCounter.keepingAlive(frame, 1, frame::release);
    }
}
