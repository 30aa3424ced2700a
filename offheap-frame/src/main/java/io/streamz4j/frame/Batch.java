package io.streamz4j.frame;

import io.streamz4j.Stream;
import io.streamz4j.frame.node.RecordsToFrame;

import org.apache.arrow.memory.BufferAllocator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * streamz's {@code Batch}: a stream of lists of records (each list a batch), with the operations
 * applied to every record of every batch. {@link #of} stands in for {@code stream.to_batch(example=...)}
 * (the engine knows nothing of this module). {@link #toDataFrame} turns batches of records (maps,
 * as JSON objects become through Jackson) into a streaming {@link DataFrame}.
 *
 * <p>Thread safety: building is single-threaded; batches flow on the thread that emits them.
 *
 * @param <T> the records
 */
public final class Batch<T> {
    private final Stream<List<T>> stream;
    private final T example;

    private Batch(Stream<List<T>> stream, T example) {
        this.stream = stream;
        this.example = example;
    }

    /** {@code stream.to_batch(example=example)}: every element of {@code stream} is one batch. */
    @SuppressWarnings("unchecked")
    public static <T> Batch<T> of(Stream<? extends List<T>> stream, T example) {
        if (stream == null) {
            throw new IllegalArgumentException("Batch.of needs a stream of lists, got null");
        }
        return new Batch<>((Stream<List<T>>) stream, example);
    }

    public Stream<List<T>> stream() {
        return stream;
    }

    public T example() {
        return example;
    }

    /** {@code batch.map(f)}: f of every record. */
    public <R> Batch<R> map(Function<? super T, ? extends R> f) {
        R mappedExample = example == null ? null : f.apply(example);
        return new Batch<>(stream.map(batch -> {
            List<R> out = new ArrayList<>(batch.size());
            for (T t : batch) {
                out.add(f.apply(t));
            }
            return out;
        }), mappedExample);
    }

    /** {@code batch.filter(predicate)}: the records for which it holds (a batch may become empty). */
    public Batch<T> filter(Predicate<? super T> predicate) {
        return new Batch<>(stream.map(batch -> {
            List<T> out = new ArrayList<>(batch.size());
            for (T t : batch) {
                if (predicate.test(t)) {
                    out.add(t);
                }
            }
            return out;
        }), example);
    }

    /** {@code batch.pluck(key)}: the value under {@code key} of every record (a map key or a list position). */
    public Batch<Object> pluck(Object key) {
        return map(record -> pick(record, key));
    }

    private static Object pick(Object record, Object key) {
        if (record instanceof Map<?, ?> m) {
            if (!m.containsKey(key)) {
                throw new IllegalArgumentException("pluck: record " + m + " has no key '" + key + "'");
            }
            return m.get(key);
        }
        if (record instanceof List<?> l && key instanceof Integer i) {
            return l.get(i);
        }
        throw new IllegalArgumentException("pluck('" + key + "'): a record must be a map or a list indexed by an"
                + " int, got " + (record == null ? "null" : record.getClass().getName()));
    }

    /** {@code batch.sum()}: the running sum of all records so far (numbers), after every batch. */
    public Stream<Double> sum() {
        return stream.accumulate((Double acc, List<T> batch) -> {
            double s = acc;
            for (T t : batch) {
                if (!(t instanceof Number n)) {
                    throw new IllegalArgumentException("sum: record " + t + " is not a number");
                }
                s += n.doubleValue();
            }
            return s;
        }, 0.0);
    }

    /** {@code batch.to_stream()}: the records one by one. */
    public Stream<T> toStream() {
        return stream.flatten();
    }

    /** {@code batch.to_dataframe()}: every batch of records (column name to value) as a frame of {@code schema}. */
    @SuppressWarnings("unchecked")
    public DataFrame toDataFrame(Schema schema, BufferAllocator allocator) {
        if (schema == null || allocator == null) {
            throw new IllegalArgumentException("to_dataframe needs a schema and an allocator, got " + schema + ", "
                    + allocator);
        }
        Stream<List<Map<String, ?>>> records = (Stream<List<Map<String, ?>>>) (Stream<?>) stream;
        return DataFrame.of(Stream.build(() -> new RecordsToFrame(records, schema, allocator)), schema, allocator);
    }
}
