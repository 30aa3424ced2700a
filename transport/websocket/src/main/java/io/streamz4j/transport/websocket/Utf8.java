package io.streamz4j.transport.websocket;

/**
 * The UTF-8 length of a string without encoding it, for counting the bytes of text messages.
 *
 * <p>Thread safety: stateless.
 */
final class Utf8 {
    private Utf8() {
    }

    static int length(CharSequence text) {
        int bytes = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
