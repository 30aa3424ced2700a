package io.streamz4j.record;

import io.streamz4j.record.value.LongValueDecoder;

/**
 * Test program for {@link RecordFlagTest}: builds a record ring, then a record map, and prints
 * what each failed with (or "built"), so the test can run it in a JVM with or without the export
 * Agrona's buffers need.
 *
 * <p>Thread safety: runs on its main thread only.
 */
final class RecordFlagMain {
    private RecordFlagMain() {
    }

    public static void main(String[] args) {
        try (RecordRing<?, ?> ring = RecordRing.builder(RecordLayout.LONG_VALUE).name("flagless")
                .handler((LongValueDecoder r, long s, boolean e) -> { }).build()) {
            System.out.println("built");
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
        }
        try {
            RecordFlow.from(RecordLayout.LONG_VALUE).map(RecordLayout.DOUBLE_VALUE, (r, out) -> { })
                    .sink((r, s, e) -> { });
            System.out.println("built");
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
        }
    }
}
