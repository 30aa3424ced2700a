package io.streamz4j.transport.tcp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The framing of {@link FromTcp}: every way a stream can be cut into reads gives the same messages. */
class DelimiterFramerTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** An input stream handing out {@code bytes} at most {@code chunk} bytes per read. */
    private static InputStream chunked(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static List<String> frames(String delimiter, int max, String input, int chunk) throws IOException {
        DelimiterFramer framer = new DelimiterFramer(ascii(delimiter), max);
        InputStream in = chunked(ascii(input), chunk);
        List<String> out = new ArrayList<>();
        while (true) {
            byte[] message;
            while ((message = framer.next()) != null) {
                out.add(new String(message, StandardCharsets.US_ASCII));
            }
            if (framer.oversized()) {
                out.add("<oversized>");
                return out;
            }
            if (framer.fill(in) < 0) {
                return out;
            }
        }
    }

    @Test
    void everyChunkingGivesTheSameMessagesWithTheDelimiterKept() throws IOException {
        String input = "data\nde\n\nlonger message here\ntail";
        for (int chunk = 1; chunk <= input.length(); chunk++) {
            assertEquals(List.of("data\n", "de\n", "\n", "longer message here\n"),
                    frames("\n", 64, input, chunk), "chunk " + chunk);
        }
    }

    @Test
    void aMultiByteDelimiterSplitAcrossReadsIsFound() throws IOException {
        String input = "a\r\nbb\r\r\n\r\nc\r";
        for (int chunk = 1; chunk <= input.length(); chunk++) {
            assertEquals(List.of("a\r\n", "bb\r\r\n", "\r\n"), frames("\r\n", 16, input, chunk), "chunk " + chunk);
        }
    }

    @Test
    void aMessageOfExactlyTheLimitPassesAndOneByteMoreIsOversized() throws IOException {
        for (int chunk = 1; chunk <= 12; chunk++) {
            assertEquals(List.of("12345678--", "ab--"), frames("--", 8, "12345678--ab--", chunk), "chunk " + chunk);
            assertEquals(List.of("ok--", "<oversized>"), frames("--", 8, "ok--123456789--", chunk), "chunk " + chunk);
        }
    }

    @Test
    void theBufferGrowsPastItsInitialSizeUpToTheLimit() throws IOException {
        String big = "x".repeat(20_000);
        assertEquals(List.of(big + "\n"), frames("\n", 20_000, big + "\n", 3000));
        DelimiterFramer framer = new DelimiterFramer(ascii("\n"), 20_000);
        InputStream in = chunked(ascii(big + "x"), 7000);
        while (!framer.oversized() && framer.next() == null) {
            assertTrue(framer.fill(in) > 0);
        }
        assertTrue(framer.oversized());
        assertFalse(framer.pending() > 20_001);
    }
}
