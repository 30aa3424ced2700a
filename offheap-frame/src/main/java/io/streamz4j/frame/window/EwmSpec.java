package io.streamz4j.frame.window;

/**
 * pandas' {@code ewm(com=, span=, halflife=, alpha=, min_periods=, adjust=, ignore_na=)}
 * parameters: the decay, given as exactly one of the four (checked as pandas checks them; a bad
 * value is an IllegalArgumentException with pandas' wording), and the options. Made with
 * {@link #com}, {@link #span}, {@link #halflife} or {@link #alpha}, then {@link #adjust},
 * {@link #ignoreNa} and {@link #minPeriods}, each of which returns a new spec:
 * {@code EwmSpec.span(10).adjust(false)}.
 *
 * <p>Thread safety: immutable.
 */
public final class EwmSpec {
    private final double com;
    private final boolean adjust;
    private final boolean ignoreNa;
    private final int minPeriods;

    private EwmSpec(double com, boolean adjust, boolean ignoreNa, int minPeriods) {
        this.com = com;
        this.adjust = adjust;
        this.ignoreNa = ignoreNa;
        this.minPeriods = minPeriods;
    }

    /** {@code ewm(com=, span=, halflife=, alpha=)}: exactly one non-null; pandas' defaults otherwise. */
    public static EwmSpec of(Double com, Double span, Double halflife, Double alpha) {
        return new EwmSpec(Ewm.centerOfMass(com, span, halflife, alpha), true, false, 0);
    }

    /** {@code ewm(com=c)}: alpha = 1 / (1 + c), c >= 0. */
    public static EwmSpec com(double com) {
        return of(com, null, null, null);
    }

    /** {@code ewm(span=s)}: alpha = 2 / (s + 1), s >= 1. */
    public static EwmSpec span(double span) {
        return of(null, span, null, null);
    }

    /** {@code ewm(halflife=h)}: alpha = 1 - exp(ln 0.5 / h), h > 0. */
    public static EwmSpec halflife(double halflife) {
        return of(null, null, halflife, null);
    }

    /** {@code ewm(alpha=a)}, 0 < a <= 1. */
    public static EwmSpec alpha(double alpha) {
        return of(null, null, null, alpha);
    }

    /** {@code adjust=} (default true): weights (1 - alpha)^i over all rows, or the recursive form when false. */
    public EwmSpec adjust(boolean adjust) {
        return new EwmSpec(com, adjust, ignoreNa, minPeriods);
    }

    /** {@code ignore_na=} (default false): whether missing values leave the weights of earlier rows undecayed. */
    public EwmSpec ignoreNa(boolean ignoreNa) {
        return new EwmSpec(com, adjust, ignoreNa, minPeriods);
    }

    /**
     * {@code min_periods=} (default 0): rows before this many non-missing values give NaN; 0 counts
     * as 1, as in pandas. Negative is refused (pandas takes it as 1).
     */
    public EwmSpec minPeriods(int minPeriods) {
        if (minPeriods < 0) {
            throw new IllegalArgumentException("ewm: min_periods must be >= 0, got " + minPeriods);
        }
        return new EwmSpec(com, adjust, ignoreNa, minPeriods);
    }

    public double com() {
        return com;
    }

    public boolean adjust() {
        return adjust;
    }

    public boolean ignoreNa() {
        return ignoreNa;
    }

    public int minPeriods() {
        return minPeriods;
    }

    @Override
    public String toString() {
        return "ewm(com=" + com + ", adjust=" + adjust + ", ignore_na=" + ignoreNa + ", min_periods=" + minPeriods + ")";
    }
}
