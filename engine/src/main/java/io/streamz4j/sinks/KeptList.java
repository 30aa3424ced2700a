package io.streamz4j.sinks;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The list {@code sinkToList()} returns. An element that arrived with references that keep it
 * usable ({@link RefCounter#keepingAlive}: a frame, or a tuple of frames) stays usable while it is
 * in the list: the list retained those references when the element arrived, and releases them, once,
 * when the element leaves it: through {@link #remove}, {@link #clear}, {@link #set} with another
 * element, {@code subList(...).clear()}, {@code removeIf}, or when the sink is destroyed, which
 * removes exactly the elements the list kept alive (the others stay, as streamz's list outlives
 * its node). {@link #sort} keeps each element's references with it; reordering through
 * {@code set} (Collections.swap, reverse, shuffle) replaces elements and so lets their references
 * go: copy the list first to reorder it that way. Elements without such references cost what an
 * {@link ArrayList} costs.
 *
 * <p>Thread safety: not thread safe. The sink appends on the thread that runs it; read or change
 * the list on that thread, or once emitting has finished.
 */
final class KeptList<T> extends AbstractList<T> implements RandomAccess {
    private final ArrayList<T> values = new ArrayList<>();
    /**
     * Per position, the references the list retained for that element, or null; the list itself
     * is null until the first element with such references arrives.
     */
    private ArrayList<List<RefCounter>> kept;

    /** Appends an element arriving at the sink, retaining the references that keep it usable. */
    void append(T x, List<Map<String, Object>> metadata) {
        List<RefCounter> retained = metadata == Metadata.NONE ? null : Metadata.retainKeepingAlive(metadata, x);
        if (retained != null) {
            if (kept == null) {
                kept = new ArrayList<>(values.size() + 1);
                for (int i = 0; i < values.size(); i++) {
                    kept.add(null);
                }
            }
            kept.add(retained);
        } else if (kept != null) {
            kept.add(null);
        }
        values.add(x);
        modCount++;
    }

    /** Removes the elements this list keeps alive, releasing their references; returns how many. */
    int releaseKept() {
        if (kept == null) {
            return 0;
        }
        int released = 0;
        for (int i = values.size() - 1; i >= 0; i--) {
            if (kept.get(i) != null) {
                remove(i);
                released++;
            }
        }
        return released;
    }

    @Override
    public T get(int index) {
        return values.get(index);
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public T set(int index, T element) {
        T old = values.set(index, element);
        if (kept != null && old != element) {
            Metadata.releaseAll(kept.set(index, null));
        }
        return old;
    }

    @Override
    public void add(int index, T element) {
        values.add(index, element);
        if (kept != null) {
            kept.add(index, null);
        }
        modCount++;
    }

    @Override
    public T remove(int index) {
        T old = values.remove(index);
        if (kept != null) {
            Metadata.releaseAll(kept.remove(index));
        }
        modCount++;
        return old;
    }

    @Override
    protected void removeRange(int fromIndex, int toIndex) {
        if (kept != null) {
            List<List<RefCounter>> leaving = kept.subList(fromIndex, toIndex);
            leaving.forEach(Metadata::releaseAll);
            leaving.clear();
        }
        values.subList(fromIndex, toIndex).clear();
        modCount++;
    }

    @Override
    public void clear() {
        removeRange(0, values.size());
    }

    /** Sorts stably, each element keeping the references the list holds for it. */
    @Override
    @SuppressWarnings("unchecked")
    public void sort(Comparator<? super T> c) {
        if (kept == null) {
            values.sort(c);
            modCount++;
            return;
        }
        int n = values.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Comparator<? super T> by = c != null ? c : (a, b) -> ((Comparable<Object>) a).compareTo(b);
        java.util.Arrays.sort(order, (i, j) -> by.compare(values.get(i), values.get(j)));
        List<T> sortedValues = new ArrayList<>(n);
        List<List<RefCounter>> sortedKept = new ArrayList<>(n);
        for (int i : order) {
            sortedValues.add(values.get(i));
            sortedKept.add(kept.get(i));
        }
        for (int i = 0; i < n; i++) {
            values.set(i, sortedValues.get(i));
            kept.set(i, sortedKept.get(i));
        }
        modCount++;
    }
}
