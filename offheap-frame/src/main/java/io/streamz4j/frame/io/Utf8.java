package io.streamz4j.frame.io;

/**
 * Checks bytes are well-formed UTF-8 (RFC 3629: shortest forms only, no surrogates, nothing above
 * U+10FFFF), as Arrow's Utf8 type requires, without decoding them: IPC strings are checked before
 * anything is allocated for them and decoded afterwards.
 *
 * <p>Thread safety: stateless.
 */
final class Utf8 {
    private Utf8() {
    }

    /** The index of the first byte of the first malformed sequence in {@code bytes[from, to)}, or -1. */
    static int invalidAt(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int more;
            int low = 0x80;
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                more = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                more = 2;
                low = b == 0xE0 ? 0xA0 : 0x80; // no overlong three-byte forms
                high = b == 0xED ? 0x9F : 0xBF; // no surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                more = 3;
                low = b == 0xF0 ? 0x90 : 0x80; // no overlong four-byte forms
                high = b == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
            } else {
                return i;
            }
            if (to - i <= more) {
                return i;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < low || second > high) {
                return i;
            }
            for (int k = 2; k <= more; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += more + 1;
        }
        return -1;
    }
}
