package io.streamz4j.frame.window;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.kernel.ColumnKernels;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * pandas' exponentially weighted variance ({@code aggregations.pyx ewmcov} of a column with
 * itself), step for step: the weighted mean, the weighted (co)variance and the sums of weights
 * and squared weights, unbiased by {@code sum_wt^2 / (sum_wt^2 - sum_wt2)} unless {@code bias};
 * with {@code sqrt}, pandas' std ({@code zsqrt}: a negative variance gives 0).
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class EwmVarRecurrence extends EwmRecurrence {
    private final boolean bias;
    private final boolean sqrt;
    private double mean = Double.NaN;
    private double cov;
    private double sumWeights = 1;
    private double sumSquaredWeights = 1;
    private double oldWeight = 1;

    EwmVarRecurrence(EwmSpec spec, boolean bias, boolean sqrt) {
        super(spec);
        this.bias = bias;
        this.sqrt = sqrt;
    }

    @Override
    void run(ColumnType type, long in, int rows, long out) {
        for (int i = 0; i < rows; i++) {
            double cur = ColumnKernels.load(type, in, i);
            boolean observed = cur == cur;
            observations += observed ? 1 : 0;
            if (mean == mean) {
                if (observed || !ignoreNa) {
                    sumWeights *= oldWeightFactor;
                    sumSquaredWeights *= oldWeightFactor * oldWeightFactor;
                    oldWeight *= oldWeightFactor;
                    if (observed) {
                        double oldMean = mean;
                        if (mean != cur) {
                            mean = (oldWeight * oldMean + newWeight * cur) / (oldWeight + newWeight);
                        }
                        double d = oldMean - mean;
                        double e = cur - mean;
                        cov = (oldWeight * (cov + d * d) + newWeight * (e * e)) / (oldWeight + newWeight);
                        sumWeights += newWeight;
                        sumSquaredWeights += newWeight * newWeight;
                        oldWeight += newWeight;
                        if (!adjust) {
                            sumWeights /= oldWeight;
                            sumSquaredWeights /= oldWeight * oldWeight;
                            oldWeight = 1;
                        }
                    }
                }
            } else if (observed) {
                mean = cur;
            }
            MemoryUtil.putLong(out + 8L * i, Double.doubleToRawLongBits(value()));
        }
    }

    private double value() {
        if (observations < minObservations) {
            return Double.NaN;
        }
        double v;
        if (bias) {
            v = cov;
        } else {
            double numerator = sumWeights * sumWeights;
            double denominator = numerator - sumSquaredWeights;
            v = denominator > 0 ? numerator / denominator * cov : Double.NaN;
        }
        return sqrt ? (v < 0 ? 0 : Math.sqrt(v)) : v;
    }
}
