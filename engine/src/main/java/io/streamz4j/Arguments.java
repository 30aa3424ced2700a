package io.streamz4j;

/**
 * Checks of the arguments a node is built with. Each failure is an
 * {@link IllegalArgumentException} naming the node and the parameter, thrown before the node is
 * connected, so a rejected node never joins the pipeline.
 *
 * <p>Internal, not API: public so the engine's other modules (frames, checkpoints) check their
 * arguments the same way.
 *
 * <p>Thread safety: stateless.
 */
public final class Arguments {
    private Arguments() {
    }

    /** {@code value}, or an error saying that {@code node}'s {@code parameter} must not be null. */
    public static <V> V requireNonNull(V value, String node, String parameter) {
        if (value == null) {
            throw new IllegalArgumentException(node + ": parameter '" + parameter + "' must not be null");
        }
        return value;
    }

    /** Nothing if {@code ok}; otherwise an error saying what is wrong ({@code problem}) with {@code node}'s {@code parameter}. */
    public static void require(boolean ok, String node, String parameter, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(node + ": parameter '" + parameter + "' " + problem);
        }
    }

    /** {@code value}, or an error saying that {@code node}'s {@code parameter} must be positive. */
    public static int requirePositive(int value, String node, String parameter) {
        if (value <= 0) {
            throw new IllegalArgumentException(node + ": parameter '" + parameter + "' must be positive, got " + value);
        }
        return value;
    }

    /** {@code value}, or an error saying that {@code node}'s {@code parameter} must not be negative. */
    public static int requireNonNegative(int value, String node, String parameter) {
        if (value < 0) {
            throw new IllegalArgumentException(node + ": parameter '" + parameter + "' must not be negative, got "
                    + value);
        }
        return value;
    }
}
