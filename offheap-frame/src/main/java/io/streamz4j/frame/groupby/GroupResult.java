package io.streamz4j.frame.groupby;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a groupby emits after each frame: pandas' result indexed by the group keys in ascending
 * order, one list of values per aggregated column. Immutable, on the heap (a handful of groups).
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

    /** The group keys, ascending. */
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

    @Override
    public String toString() {
        return "GroupResult(" + keyName + " " + keys + " " + columns + ")";
    }
}
