package io.streamz4j.frame.window;

import io.streamz4j.frame.DataFrame;

import java.util.List;

/**
 * streamz's {@code EWM}: exponentially weighted aggregations over all rows so far, with the decay
 * given as exactly one of {@code com}, {@code span}, {@code halflife} or {@code alpha} (checked as
 * streamz checks them). streamz offers only {@code mean}; so does this.
 *
 * <p>Thread safety: immutable; the node runs on the emitting thread.
 */
public final class Ewm {
    private final DataFrame root;
    private final double com;
    private final String column;

    private Ewm(DataFrame root, double com, String column) {
        this.root = root;
        this.com = com;
        this.column = column;
    }

    /** {@code df.ewm(com=, span=, halflife=, alpha=)}: pass exactly one, the others null. */
    public static Ewm of(DataFrame root, Double com, Double span, Double halflife, Double alpha) {
        return new Ewm(root, centerOfMass(com, span, halflife, alpha), null);
    }

    /** streamz's {@code EWM._get_com}. */
    static double centerOfMass(Double com, Double span, Double halflife, Double alpha) {
        int given = (com != null ? 1 : 0) + (span != null ? 1 : 0) + (halflife != null ? 1 : 0) + (alpha != null ? 1 : 0);
        if (given > 1) {
            throw new IllegalArgumentException("ewm: Can only provide one of `com`, `span`, `halflife`, `alpha`.");
        }
        if (com != null) {
            if (com < 0) {
                throw new IllegalArgumentException("ewm: com must satisfy: comass >= 0, got " + com);
            }
            return com;
        }
        if (span != null) {
            if (span < 1) {
                throw new IllegalArgumentException("ewm: span must satisfy: span >= 1, got " + span);
            }
            return (span - 1) / 2;
        }
        if (halflife != null) {
            if (halflife <= 0) {
                throw new IllegalArgumentException("ewm: halflife must satisfy: halflife > 0, got " + halflife);
            }
            double decay = 1 - Math.exp(Math.log(0.5) / halflife);
            return 1 / decay - 1;
        }
        if (alpha != null) {
            if (alpha <= 0 || alpha > 1) {
                throw new IllegalArgumentException("ewm: alpha must satisfy: 0 < alpha <= 1, got " + alpha);
            }
            return (1 - alpha) / alpha;
        }
        throw new IllegalArgumentException("ewm: Must pass one of com, span, halflife, or alpha");
    }

    /** {@code ewm.x}: one column. */
    public Ewm col(String name) {
        root.schema().field(name);
        return new Ewm(root, com, name);
    }

    public double com() {
        return com;
    }

    /** The weighted mean at the latest row, after every frame. */
    public WindowAggregate<?, Object> mean() {
        List<String> cols = column != null ? List.of(column) : NumericColumns.reducible(root.schema(), null);
        return Window.of(root, WindowSpec.all()).aggregate(new EwmMean(com, cols, column != null));
    }
}
