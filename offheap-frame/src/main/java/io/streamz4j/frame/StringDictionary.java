package io.streamz4j.frame;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The append-only dictionary of one string column: every distinct string gets a small dense id
 * the first time any frame of the schema meets it, and keeps it for the schema's life, so ids
 * from different batches compare equal and groupby can index state arrays by id directly.
 *
 * <p>Thread safety: {@link #idOf} and {@link #valueOf} may be called from any thread (frames are
 * built wherever their source runs); ids are handed out under the dictionary's lock, and kernels
 * never call in here per row.
 */
public final class StringDictionary {
    private final Map<String, Integer> ids = new HashMap<>();
    private volatile String[] values = new String[16];
    private int size;

    /** The id of {@code value}, adding it if new. */
    public synchronized int idOf(String value) {
        Integer id = ids.get(value);
        if (id != null) {
            return id;
        }
        int next = size;
        String[] current = values;
        if (next == current.length) {
            current = Arrays.copyOf(current, next * 2);
        }
        current[next] = value;
        values = current;
        ids.put(value, next);
        size = next + 1;
        return next;
    }

    /** The id of {@code value} if it was ever seen, else -1; adds nothing. */
    public synchronized int lookup(String value) {
        Integer id = ids.get(value);
        return id == null ? -1 : id;
    }

    /** The string with id {@code id}. */
    public String valueOf(int id) {
        String[] current = values;
        if (id < 0 || id >= current.length || current[id] == null) {
            throw new IllegalArgumentException("no string has dictionary id " + id);
        }
        return current[id];
    }

    /** How many distinct strings the dictionary holds. */
    public synchronized int size() {
        return size;
    }
}
