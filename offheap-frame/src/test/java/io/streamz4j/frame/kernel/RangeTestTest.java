package io.streamz4j.frame.kernel;

import org.junit.jupiter.api.Test;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each comparison as a {@link RangeTest} gives what Java's (and so numpy's) operator gives, for
 * every pair of awkward doubles: NaN (false but for {@code !=}), signed zeros (equal), the
 * infinities, the smallest subnormals and neighbours of the scalar.
 */
class RangeTestTest {
    private static final double[] VALUES = {Double.NaN, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1.0,
        Math.nextUp(1.0), Math.nextDown(1.0), -1.0, 5.0, 1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Math.nextUp(-1.0), 123.456};

    private static void check(String op, DoubleFunction<RangeTest> test, DoubleBinaryOperator java) {
        for (double s : VALUES) {
            RangeTest t = test.apply(s);
            for (double v : VALUES) {
                assertEquals((int) java.applyAsDouble(v, s), t.test(v), v + " " + op + " " + s);
            }
        }
    }

    @Test
    void everyComparisonAgreesWithJavasOperator() {
        check(">", RangeTest::greaterThan, (v, s) -> v > s ? 1 : 0);
        check(">=", RangeTest::atLeast, (v, s) -> v >= s ? 1 : 0);
        check("<", RangeTest::lessThan, (v, s) -> v < s ? 1 : 0);
        check("<=", RangeTest::atMost, (v, s) -> v <= s ? 1 : 0);
        check("==", RangeTest::equalTo, (v, s) -> v == s ? 1 : 0);
        check("!=", RangeTest::notEqualTo, (v, s) -> v != s ? 1 : 0);
    }
}
