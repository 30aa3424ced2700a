package io.streamz4j.frame.rolling;

import io.streamz4j.frame.kernel.Simd;

import java.lang.reflect.Constructor;
import java.nio.DoubleBuffer;

/**
 * The work of the prefix rollers that runs on SIMD lanes when {@link Simd#enabled()}: scanning a
 * block of clean rows into split prefix sums, writing the sums or means of windows that all
 * span the same number of rows, and rolling such windows on as running sums without prefixes.
 * The scalar code in {@link PrefixRoller} and {@link PrefixSum} stays the reference and takes
 * every block these refuse.
 *
 * <p>Thread safety: an instance holds scratch arrays, so it belongs to one roller.
 */
interface Lanes {
    /**
     * Scans positions {@code at .. at + n - 1} of {@code into.xs} (already copied there) into the
     * split prefix sums and observation counts, as the roller's scalar scan would, if the
     * rows are clean: each an observation no larger than {@code into.bound} in magnitude, none equal
     * to the row before it, and the row before the block an observation (or none). Returns false,
     * having changed nothing of {@code into}, otherwise.
     */
    boolean scanClean(PrefixRoller into, int at, int n);

    /** The largest magnitude at positions {@code from .. to - 1} of {@code xs}, or NaN if one is missing (NaN). */
    double largest(double[] xs, int from, int to);

    /**
     * Writes {@code ((H[p] - H[p - d]) + (L[p] - L[p - d])) * scale} for positions
     * {@code p = at + i}, {@code i = from .. to - 1}, at index {@code i} of {@code out}, exactly as
     * {@link PrefixSum}'s steady loop does.
     */
    void writeSteady(double[] high, double[] low, int at, int from, int to, int d, double scale, DoubleBuffer out);

    /**
     * How many windows before a block {@link #startRunning} starts the lanes from (one a lane).
     */
    int runningStart();

    /**
     * Starts rolling windows of {@code d} rows as running sums at position {@code p}: takes the
     * split window sums at positions {@code p - runningStart() .. p - 1} from the roller's
     * prefixes, which must be valid from {@code p - runningStart() - d} on, over observations only.
     */
    void startRunning(PrefixRoller from, int p, int d);

    /**
     * Rolls the windows of {@code d} rows on over positions {@code at .. at + n - 1} of
     * {@code into.xs} (already copied there), going on from {@link #startRunning} or the block
     * before, and writes each window's sum times {@code scale} at index {@code outFrom + i} of
     * {@code out}, if the rows are clean (as {@link #scanClean} takes them). Returns false, having
     * written nothing and kept its running sums, otherwise. The roller's prefixes are not written.
     */
    boolean rollClean(PrefixRoller into, int at, int n, int d, double scale, DoubleBuffer out, int outFrom);

    /** New lanes for one roller, or null when the SIMD kernels are off. */
    static Lanes create() {
        return Loaded.CONSTRUCTOR == null ? null : Loaded.newLanes();
    }

    /**
     * Loads the Vector API implementation by name only when it is on: naming it in code would link
     * it, and its classes are missing from a JVM started without the module.
     */
    final class Loaded {
        private static final Constructor<?> CONSTRUCTOR = Simd.enabled() ? vectorLanes() : null;

        private Loaded() {
        }

        private static Constructor<?> vectorLanes() {
            try {
                return Class.forName(Lanes.class.getPackageName() + ".VectorLanes").getDeclaredConstructor();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the SIMD rolling kernels could not be loaded", e);
            }
        }

        static Lanes newLanes() {
            try {
                return (Lanes) CONSTRUCTOR.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the SIMD rolling kernels could not be created", e);
            }
        }
    }
}
