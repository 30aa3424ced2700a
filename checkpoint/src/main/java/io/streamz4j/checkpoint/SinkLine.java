package io.streamz4j.checkpoint;

import java.nio.file.Path;

/**
 * The line format of an {@link ExactlyOnceFileSink}: the element's journal index as 16 hex
 * digits (16 dashes for an element that carried none), a tab, the element's text, a newline. A
 * fixed-width prefix, so the sink finds the index of a line read backward from the end of the
 * file without parsing its text.
 *
 * <p>Thread safety: stateless.
 */
final class SinkLine {
    /** The index of a line written for an element without a journal index. */
    static final long NO_INDEX = -1;
    static final int PREFIX_LENGTH = 17;
    private static final String NO_INDEX_PREFIX = "-".repeat(16) + "\t";

    private SinkLine() {
    }

    /** The prefix for an element at {@code index} (or {@link #NO_INDEX}). */
    static String prefix(long index) {
        if (index == NO_INDEX) {
            return NO_INDEX_PREFIX;
        }
        String hex = Long.toHexString(index);
        return "0".repeat(16 - hex.length()) + hex + "\t";
    }

    /** The index a line's prefix holds; a line that has none is not one the sink wrote. */
    static long index(String prefix, Path file, long lineStart) {
        if (prefix.length() < PREFIX_LENGTH || prefix.charAt(PREFIX_LENGTH - 1) != '\t') {
            throw notOurs(file, lineStart, prefix);
        }
        if (prefix.equals(NO_INDEX_PREFIX)) {
            return NO_INDEX;
        }
        try {
            return Long.parseUnsignedLong(prefix, 0, PREFIX_LENGTH - 1, 16);
        } catch (NumberFormatException e) {
            throw notOurs(file, lineStart, prefix);
        }
    }

    /** The text of a whole line (without its newline). */
    static String text(String line, Path file, long lineStart) {
        index(line.substring(0, Math.min(line.length(), PREFIX_LENGTH)), file, lineStart);
        return line.substring(PREFIX_LENGTH);
    }

    private static JournalException notOurs(Path file, long lineStart, String prefix) {
        return new JournalException(file + ": the line at byte " + lineStart + " does not start with a journal"
                + " index and a tab (it begins '" + prefix + "'); this is not a file an exactly-once file sink wrote,"
                + " or it was damaged");
    }
}
