package io.streamz4j.frame.window;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.kernel.ColumnKernels;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * pandas' exponentially weighted mean ({@code aggregations.pyx ewm} with {@code normalize=True}),
 * step for step: the weighted mean and the weight of the past, decayed per row (per observed row
 * with {@code ignore_na}); an unchanged mean is not recomputed, as pandas avoids rounding on a
 * constant series.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class EwmMeanRecurrence extends EwmRecurrence {
    private double weighted = Double.NaN;
    private double oldWeight = 1;

    EwmMeanRecurrence(EwmSpec spec) {
        super(spec);
    }

    @Override
    void run(ColumnType type, long in, int rows, long out) {
        double w = weighted;
        double old = oldWeight;
        long nobs = observations;
        for (int i = 0; i < rows; i++) {
            double cur = ColumnKernels.load(type, in, i);
            boolean observed = cur == cur;
            nobs += observed ? 1 : 0;
            if (w == w) {
                if (observed || !ignoreNa) {
                    old *= oldWeightFactor;
                    if (observed) {
                        if (w != cur) {
                            w = (old * w + newWeight * cur) / (old + newWeight);
                        }
                        old = adjust ? old + newWeight : 1;
                    }
                }
            } else if (observed) {
                w = cur;
            }
            MemoryUtil.putLong(out + 8L * i, Double.doubleToRawLongBits(nobs >= minObservations ? w : Double.NaN));
        }
        weighted = w;
        oldWeight = old;
        observations = nobs;
    }
}
