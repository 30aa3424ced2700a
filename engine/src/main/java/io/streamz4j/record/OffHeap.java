package io.streamz4j.record;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Allocates the record path's off-heap memory: a direct buffer aligned to a cache line, viewed
 * through an Agrona {@link UnsafeBuffer}, freed by the buffer's cleaner once unreachable. Agrona 2
 * reaches the JDK's internal {@code Unsafe}, which needs {@code jdk.internal.misc} exported; without
 * the flag the JVM's error names an Agrona class, so this says which flag is missing instead.
 *
 * <p>Thread safety: stateless.
 */
final class OffHeap {
    static final String FLAG = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final int ALIGNMENT = 64;

    private OffHeap() {
    }

    /** {@code length} zeroed bytes off the heap, starting on a cache line, for {@code owner}. */
    static UnsafeBuffer allocate(int length, String owner) {
        try {
            return new UnsafeBuffer(BufferUtil.allocateDirectAligned(length, ALIGNMENT));
        } catch (IllegalAccessError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new IllegalStateException(owner + ": the record path needs the JVM flag " + FLAG
                    + " (Agrona's buffers use the JDK's internal Unsafe)", e);
        }
    }
}
