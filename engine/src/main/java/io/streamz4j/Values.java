package io.streamz4j;

/**
 * How elements print: Python's {@code repr} for the types that cross between streamz and
 * streamz4j, so the Core Streams examples print what streamz prints.
 *
 * <p>Thread safety: stateless.
 */
final class Values {
    private Values() {
    }

    static String repr(Object value) {
        if (value instanceof CharSequence text) {
            return "'" + text + "'";
        }
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean flag) {
            return flag ? "True" : "False";
        }
        return String.valueOf(value);
    }
}
