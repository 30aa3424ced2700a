package io.streamz4j.frame.groupby;

import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Series;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a groupby emits after each frame: pandas' result indexed by the group keys in ascending
 * order, one list of values per aggregated column. Immutable, on the heap (a handful of groups).
 * {@link #nlargest}, {@link #nsmallest}, {@link #head} and {@link #tail} give the rows pandas'
 * methods of those names give, in their order (then the keys are no longer ascending).
 *
 * <p>Thread safety: immutable.
 */
public final class GroupResult {
    private final String keyName;
    private final List<Object> keys;
    private final Map<String, List<Number>> columns;

    public GroupResult(String keyName, List<Object> keys, Map<String, List<Number>> columns) {
        this.keyName = keyName;
        this.keys = Collections.unmodifiableList(keys);
        this.columns = Collections.unmodifiableMap(columns);
    }

    public String keyName() {
        return keyName;
    }

    /** The group keys: ascending, unless reordered by {@link #nlargest} or {@link #nsmallest}. */
    public List<Object> keys() {
        return keys;
    }

    public List<String> columnNames() {
        return new ArrayList<>(columns.keySet());
    }

    /** The values of column {@code name}, one per key. */
    public List<Number> values(String name) {
        List<Number> v = columns.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown column '" + name + "': the result has " + columns.keySet());
        }
        return v;
    }

    /** The single aggregated column as key to value (a grouped Series' result). */
    public Map<Object, Number> asMap() {
        if (columns.size() != 1) {
            throw new IllegalStateException("the result has columns " + columns.keySet() + ", not one");
        }
        List<Number> v = columns.values().iterator().next();
        Map<Object, Number> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), v.get(i));
        }
        return out;
    }

    /** The value of column {@code name} for group {@code key}. */
    public Number get(String name, Object key) {
        int i = keys.indexOf(key);
        if (i < 0) {
            throw new IllegalArgumentException("no group " + key + " in " + keys);
        }
        return values(name).get(i);
    }

    /**
     * pandas' {@code nlargest(n)} of the single aggregated column (with {@code keep='first'}): the n
     * groups with the largest values, largest first; equal values keep their key order, and NaN
     * values come after every number (so only when fewer than n groups have one).
     */
    public GroupResult nlargest(int n) {
        return nlargest(n, single("nlargest"));
    }

    /** pandas' {@code DataFrame.nlargest(n, column)}: rows ordered by {@code column}, as {@link #nlargest(int)}. */
    public GroupResult nlargest(int n, String column) {
        return ordered("nlargest", n, column, true);
    }

    /** pandas' {@code nsmallest(n)}: the n smallest values, smallest first, ties and NaN as {@link #nlargest(int)}. */
    public GroupResult nsmallest(int n) {
        return nsmallest(n, single("nsmallest"));
    }

    /** pandas' {@code DataFrame.nsmallest(n, column)}. */
    public GroupResult nsmallest(int n, String column) {
        return ordered("nsmallest", n, column, false);
    }

    /** pandas' {@code head(n)}: the first n groups in key order. */
    public GroupResult head(int n) {
        requireCount("head", n);
        return picked(range(0, Math.min(n, keys.size())));
    }

    /** pandas' {@code tail(n)}: the last n groups in key order. */
    public GroupResult tail(int n) {
        requireCount("tail", n);
        return picked(range(Math.max(0, keys.size() - n), keys.size()));
    }

    private String single(String operation) {
        if (columns.size() != 1) {
            throw new IllegalArgumentException(operation + "(n) needs one column, the result has " + columns.keySet()
                    + ": name the column to order by");
        }
        return columns.keySet().iterator().next();
    }

    private static void requireCount(String operation, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(operation + "(n): n must be >= 0, got " + n);
        }
    }

    private GroupResult ordered(String operation, int n, String column, boolean largest) {
        requireCount(operation, n);
        List<Number> v = values(column);
        List<Integer> order = new ArrayList<>(range(0, v.size()));
        // a stable sort: equal values keep their key order (keep='first'); NaN after every number
        order.sort((a, b) -> {
            boolean nanA = isNaN(v.get(a));
            boolean nanB = isNaN(v.get(b));
            if (nanA || nanB) {
                return Boolean.compare(nanA, nanB);
            }
            int c = compare(v.get(a), v.get(b));
            return largest ? -c : c;
        });
        return picked(order.subList(0, Math.min(n, order.size())));
    }

    private static boolean isNaN(Number x) {
        return (x instanceof Double || x instanceof Float) && Double.isNaN(x.doubleValue());
    }

    private static int compare(Number a, Number b) {
        if ((a instanceof Long || a instanceof Integer) && (b instanceof Long || b instanceof Integer)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return Double.compare(a.doubleValue(), b.doubleValue());
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    /** The groups at {@code positions}, in that order, with every column. */
    private GroupResult picked(List<Integer> positions) {
        List<Object> k = new ArrayList<>(positions.size());
        for (int p : positions) {
            k.add(keys.get(p));
        }
        Map<String, List<Number>> cols = new LinkedHashMap<>();
        for (Map.Entry<String, List<Number>> e : columns.entrySet()) {
            List<Number> v = new ArrayList<>(positions.size());
            for (int p : positions) {
                v.add(e.getValue().get(p));
            }
            cols.put(e.getKey(), Collections.unmodifiableList(v));
        }
        return new GroupResult(keyName, k, cols);
    }

    @Override
    public String toString() {
        return "GroupResult(" + keyName + " " + keys + " " + columns + ")";
    }
}
