package io.streamz4j.checkpoint;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * The metadata map of one {@link InFlight} slot: its {@link RefCounter} under {@link Metadata#REF}
 * and its {@link JournalPosition} under {@link JournalPosition#KEY}, immutable. A map of its own
 * rather than {@code Map.of} of two entries because every node that retains or releases an
 * element looks up {@code "ref"} in it: here that is one string comparison, as in the one-entry
 * {@code Map.of} the slot had before it carried its position, not a hash-table probe.
 *
 * <p>Thread safety: immutable (the objects it holds are the slot's; see their own contracts).
 */
final class SlotMetadata extends AbstractMap<String, Object> {
    private final RefCounter ref;
    private final JournalPosition position;
    private final Set<Map.Entry<String, Object>> entries;

    SlotMetadata(RefCounter ref, JournalPosition position) {
        this.ref = ref;
        this.position = position;
        this.entries = Set.of(Map.entry(Metadata.REF, ref), Map.entry(JournalPosition.KEY, position));
    }

    @Override
    public Object get(Object key) {
        if (Metadata.REF.equals(key)) {
            return ref;
        }
        return JournalPosition.KEY.equals(key) ? position : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return Metadata.REF.equals(key) || JournalPosition.KEY.equals(key);
    }

    @Override
    public int size() {
        return 2;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return entries;
    }
}
