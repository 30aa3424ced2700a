package io.streamz4j.bench;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The least a push pipeline of node objects can do: hand-written map, filter and sink stages, each
 * holding its function and the next stage, with no metadata, no fan-out, no error reporting. The
 * {@code chain} benchmarks run it to split a pipeline's cost into what any chain of nodes costs
 * (a field load and a type check per hop) and what the engine adds on top.
 *
 * <p>Thread safety: immutable; stages run on the caller's thread.
 */
public abstract class HandChain {
    /** Hands {@code x} to this stage. */
    public abstract void push(Object x);

    public static HandChain map(Function<Object, Object> f, HandChain next) {
        return new MapStage(f, next);
    }

    public static HandChain filter(Predicate<Object> predicate, HandChain next) {
        return new FilterStage(predicate, next);
    }

    public static HandChain sink(Consumer<Object> f) {
        return new SinkStage(f);
    }

    private static final class MapStage extends HandChain {
        private final Function<Object, Object> f;
        private final HandChain next;

        MapStage(Function<Object, Object> f, HandChain next) {
            this.f = f;
            this.next = next;
        }

        @Override
        public void push(Object x) {
            next.push(f.apply(x));
        }
    }

    private static final class FilterStage extends HandChain {
        private final Predicate<Object> predicate;
        private final HandChain next;

        FilterStage(Predicate<Object> predicate, HandChain next) {
            this.predicate = predicate;
            this.next = next;
        }

        @Override
        public void push(Object x) {
            if (predicate.test(x)) {
                next.push(x);
            }
        }
    }

    private static final class SinkStage extends HandChain {
        private final Consumer<Object> f;

        SinkStage(Consumer<Object> f) {
            this.f = f;
        }

        @Override
        public void push(Object x) {
            f.accept(x);
        }
    }
}
