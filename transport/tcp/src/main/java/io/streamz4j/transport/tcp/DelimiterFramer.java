package io.streamz4j.transport.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts one connection's byte stream into messages that end with a delimiter, the delimiter kept at
 * the end as streamz's {@code read_until} keeps it. A message may arrive in any number of reads
 * (byte by byte included) and one read may hold many messages. The buffer starts small and grows
 * up to the largest message allowed ({@code maxMessageSize} bytes before the delimiter, plus the
 * delimiter), so an idle connection holds little memory and a busy one never more than that.
 *
 * <p>Thread safety: not thread-safe; used by one connection's reader thread only. Retains the
 * bytes received after the last complete message.
 */
final class DelimiterFramer {
    private static final int INITIAL_CAPACITY = 4096;

    private final byte[] delimiter;
    private final int capacity;
    private byte[] buffer;
    /** Where the first byte of the message being received lies. */
    private int start;
    /** One past the last byte received. */
    private int end;
    /** Where the next delimiter search begins: no delimiter starts in [start, searched). */
    private int searched;

    DelimiterFramer(byte[] delimiter, int maxMessageSize) {
        this.delimiter = delimiter.clone();
        this.capacity = maxMessageSize + delimiter.length;
        this.buffer = new byte[Math.min(capacity, INITIAL_CAPACITY)];
    }

    /** The next complete message (delimiter included) among the bytes received, or null if none is complete. */
    byte[] next() {
        int last = end - delimiter.length;
        for (int i = Math.max(start, searched); i <= last; i++) {
            if (delimiterAt(i)) {
                byte[] message = Arrays.copyOfRange(buffer, start, i + delimiter.length);
                start = i + delimiter.length;
                searched = start;
                return message;
            }
        }
        searched = Math.max(start, last + 1);
        return null;
    }

    /**
     * Whether the message being received is already longer than allowed: the buffer holds the
     * largest message allowed and {@link #next()} found no delimiter in it.
     */
    boolean oversized() {
        return end - start == capacity;
    }

    /** Bytes received that belong to no complete message yet. */
    int pending() {
        return end - start;
    }

    /**
     * Reads what {@code in} has (blocking until something arrives) into the buffer; returns the
     * count, or -1 at the end of the stream. Call it after {@link #next()} returned null and
     * {@link #oversized()} is false, so there is room to read into.
     */
    int fill(InputStream in) throws IOException {
        makeRoom();
        int read = in.read(buffer, end, buffer.length - end);
        if (read > 0) {
            end += read;
        }
        return read;
    }

    private void makeRoom() {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            searched -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(capacity, 2L * buffer.length));
        }
    }

    private boolean delimiterAt(int index) {
        for (int j = 0; j < delimiter.length; j++) {
            if (buffer[index + j] != delimiter[j]) {
                return false;
            }
        }
        return true;
    }
}
