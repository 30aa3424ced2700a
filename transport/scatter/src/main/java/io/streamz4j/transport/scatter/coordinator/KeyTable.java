package io.streamz4j.transport.scatter.coordinator;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The sticky key table: which worker each scatter key goes to. A key keeps its worker until that
 * worker dies; then the agent moves it to a survivor, after the survivor was sent the key's
 * newest state and the dead worker's elements of that key, so the key's elements reach a worker
 * in scatter order.
 *
 * <p>Thread safety: the producer adds keys ({@link #assign}), the agent moves them
 * ({@link #move}); both read. A concurrent map: a lookup allocates nothing, only a new key does.
 */
public final class KeyTable {
    /** The key of an unkeyed stateful pipeline: all its elements share one state, on one worker at a time. */
    public static final Object UNKEYED = new Object() {
        @Override
        public String toString() {
            return "<unkeyed>";
        }
    };

    private final ConcurrentHashMap<Object, Integer> workers = new ConcurrentHashMap<>();

    /** The worker {@code key} goes to, or -1 when it has none yet. */
    public int workerOf(Object key) {
        Integer worker = workers.get(key);
        return worker == null ? -1 : worker;
    }

    /** Gives {@code key} to {@code worker} unless it already has one; returns the key's worker. */
    public int assign(Object key, int worker) {
        Integer known = workers.putIfAbsent(key, worker);
        return known == null ? worker : known;
    }

    /** Moves {@code key} to {@code worker} (its previous worker died). */
    public void move(Object key, int worker) {
        workers.put(key, worker);
    }

    public int size() {
        return workers.size();
    }
}
