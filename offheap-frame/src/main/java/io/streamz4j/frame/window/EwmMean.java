package io.streamz4j.frame.window;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.agg.Aggregation;
import io.streamz4j.frame.agg.Copyable;
import io.streamz4j.frame.agg.SelfWritingState;
import io.streamz4j.frame.kernel.Values;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code EWMean}: the exponentially weighted mean (pandas' {@code ewm(com).mean()} with
 * {@code adjust=True}) of each column at the latest row, by streamz's recursion: the first row
 * starts the mean with weight 1; each later row decays the old weight by {@code 1 - alpha} and
 * folds the row in with weight 1. Emits a Number for one column, a map of column to Number for
 * several.
 *
 * <p>Thread safety: the state is confined to the owning node.
 */
public final class EwmMean implements Aggregation<EwmMean.State, Object> {
    private final double oldWeightFactor;
    private final List<String> columns;
    private final boolean series;

    EwmMean(double com, List<String> columns, boolean series) {
        this.oldWeightFactor = 1 - 1 / (1 + com);
        this.columns = List.copyOf(columns);
        this.series = series;
    }

    /** The weighted means so far and the weight of the past; checkpointed as form {@code "ewm-mean"}. */
    public static final class State implements Copyable<State>, SelfWritingState<State> {
        final double[] means;
        double oldWeight = 1;
        boolean first = true;

        @Override
        public State copy() {
            State c = new State(means.length);
            System.arraycopy(means, 0, c.means, 0, means.length);
            c.oldWeight = oldWeight;
            c.first = first;
            return c;
        }

        State(int n) {
            means = new double[n];
            java.util.Arrays.fill(means, Double.NaN);
        }

        @Override
        public String formName() {
            return "ewm-mean";
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            out.writeInt(means.length);
            for (double m : means) {
                out.writeDouble(m);
            }
            out.writeDouble(oldWeight);
            out.writeBoolean(first);
        }

        @Override
        public State readLike(DataInput in) throws IOException {
            int n = in.readInt();
            if (n != means.length) {
                throw new IllegalArgumentException("the ewm state averages " + n + " columns, the node "
                        + means.length);
            }
            State s = new State(n);
            for (int c = 0; c < n; c++) {
                s.means[c] = in.readDouble();
            }
            s.oldWeight = in.readDouble();
            s.first = in.readBoolean();
            return s;
        }
    }

    @Override
    public State initial(Schema example) {
        columns.forEach(example::field);
        return new State(columns.size());
    }

    @Override
    public State onNew(State s, Frame frame) {
        int n = frame.rows();
        if (n == 0) {
            return s;
        }
        Column[] cols = new Column[columns.size()];
        long[] addresses = new long[cols.length];
        for (int c = 0; c < cols.length; c++) {
            cols[c] = frame.column(columns.get(c));
            if (!cols[c].type().isReducible()) {
                throw new IllegalArgumentException("ewm mean of column '" + cols[c].name() + "': it is "
                        + cols[c].type() + ", not numeric or boolean");
            }
            addresses[c] = cols[c].checkedAddress();
        }
        int start = 0;
        if (s.first) {
            for (int c = 0; c < cols.length; c++) {
                s.means[c] = Values.load(cols[c].type(), addresses[c], 0);
            }
            s.first = false;
            start = 1;
        }
        double w = s.oldWeight;
        double[] weights = new double[n];
        for (int i = start; i < n; i++) {
            w *= oldWeightFactor;
            weights[i] = w;
            w += 1;
        }
        for (int c = 0; c < cols.length; c++) {
            double m = s.means[c];
            for (int i = start; i < n; i++) {
                double x = Values.load(cols[c].type(), addresses[c], i);
                m = (weights[i] * m + x) / (weights[i] + 1);
            }
            s.means[c] = m;
        }
        s.oldWeight = w;
        return s;
    }

    @Override
    public Object result(State s) {
        if (series) {
            return s.means[0];
        }
        Map<String, Number> out = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            out.put(columns.get(c), s.means[c]);
        }
        return out;
    }
}
