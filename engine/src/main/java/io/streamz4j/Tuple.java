package io.streamz4j;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The immutable list that stands in for a Python tuple: what windows, partitions and joins emit.
 * It equals any {@link java.util.List} with the same elements ({@code List.of(1, 2)} included),
 * admits nulls, and prints as Python does, {@code (1, 2)}, so printed output matches streamz's.
 *
 * <p>Thread safety: immutable once built; the array handed to {@link #wrap} must not be touched
 * again by its giver.
 */
public final class Tuple<E> extends AbstractList<E> implements RandomAccess {
    private static final Tuple<?> EMPTY = new Tuple<>(new Object[0]);

    private final Object[] items;

    private Tuple(Object[] items) {
        this.items = items;
    }

    /** A tuple of copies of {@code items} references. */
    @SafeVarargs
    public static <E> Tuple<E> of(E... items) {
        return new Tuple<>(items.clone());
    }

    /** Takes ownership of {@code items} without copying: the caller must never write to it again. */
    @SuppressWarnings("unchecked")
    public static <E> Tuple<E> wrap(Object[] items) {
        return items.length == 0 ? (Tuple<E>) EMPTY : new Tuple<>(items);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public Object[] toArray() {
        return items.clone();
    }

    @Override
    public String toString() {
        if (items.length == 1) {
            return "(" + Values.repr(items[0]) + ",)";
        }
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(Values.repr(items[i]));
        }
        return text.append(')').toString();
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        if (other instanceof Tuple<?> tuple) {
            return Arrays.equals(items, tuple.items);
        }
        return super.equals(other);
    }
}
