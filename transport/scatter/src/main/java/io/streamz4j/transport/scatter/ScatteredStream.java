package io.streamz4j.transport.scatter;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import io.streamz4j.runtime.WaitStrategy;
import io.streamz4j.transport.scatter.coordinator.Gather;
import io.streamz4j.transport.scatter.wire.ProgramMessage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stream whose elements live on worker processes, between {@code scatter()} and
 * {@code gather()} (streamz's Dask-backed stream). {@link #map}, {@link #filter},
 * {@link #starmapN}, {@link #flatten} and {@link #accumulate} add steps that the workers run;
 * their functions must be {@link RemoteFunction}s registered by name in a
 * {@link FunctionLibrary} that the coordinator and every worker load (functions never travel as
 * serialized lambdas). {@link #buffer(int)} sets how many elements may be in flight; without one
 * the limit is {@value #DEFAULT_IN_FLIGHT} (streamz's is unbounded: ours bounds memory and the
 * workers' queues). {@link #gather()} brings the results back, in scatter order unless
 * {@link GatherOrder#COMPLETION_ORDER} is asked for.
 *
 * <p>An accumulate runs once per scatter key: {@code scatter(key)} sends equal keys to the same
 * worker, each key with its own state; an unkeyed scatter is one key, so its accumulate sees
 * every element in order, as a local one would, on one worker at a time.
 *
 * <p>A scattered stream feeds one chain, ending in one gather. Any other operator below it (a
 * second branch, a window, a join, a sink) is refused with an error saying to gather first.
 *
 * <p>Thread safety: built on one thread, like any pipeline. The chain's nodes run nothing in this
 * process: the scatter node sends on the emitting thread, and the gather node emits on the
 * cluster's agent thread.
 *
 * @param <T> the type of the elements at this point of the chain
 */
public class ScatteredStream<T> extends Stream<T> {
    /** The in-flight limit of a chain without {@code buffer(n)}. */
    public static final int DEFAULT_IN_FLIGHT = 1024;

    private final ScatterNode<?> origin;
    /** The worker step this node stands for; null for scatter itself and for buffer. */
    private final ProgramMessage.Step step;
    /** The in-flight limit a buffer node sets; 0 for the others. */
    private final int limit;
    /** Whether a node was built below: a scattered stream feeds one chain. */
    private boolean extended;
    /** Set while this node builds its one allowed successor; anything else built below is refused. */
    private boolean buildingNext;

    /** The scatter node itself, fed by a local stream. */
    ScatteredStream(Stream<?> localUpstream) {
        super(null, localUpstream);
        this.origin = (ScatterNode<?>) this;
        this.step = null;
        this.limit = 0;
    }

    private ScatteredStream(ScatteredStream<?> upstream, ProgramMessage.Step step, int limit) {
        super(null, upstream);
        this.origin = upstream.origin;
        this.step = step;
        this.limit = limit;
    }

    /** Applies {@code f}, a {@link RemoteFunction#map}, on the workers (streamz: map). */
    @Override
    public <R> ScatteredStream<R> map(Function<? super T, ? extends R> f) {
        return next(step("map", f, RemoteFunction.Kind.MAP), 0);
    }

    /** Keeps the elements {@code predicate}, a {@link RemoteFunction#filter}, accepts, on the workers (streamz: filter). */
    @Override
    public ScatteredStream<T> filter(Predicate<? super T> predicate) {
        return next(step("filter", predicate, RemoteFunction.Kind.FILTER), 0);
    }

    /** Spreads each element (a List or Tuple) as the arguments of {@code f}, a {@link RemoteFunction#starmap} (streamz: starmap). */
    @Override
    public <R> ScatteredStream<R> starmapN(Function<Object[], R> f) {
        return next(step("starmap", f, RemoteFunction.Kind.STARMAP), 0);
    }

    /**
     * Refused: a scattered starmap takes a {@link RemoteFunction#starmap}, a function of the
     * argument array, through {@link #starmapN}.
     */
    @Override
    public <A, B, R> ScatteredStream<R> starmap(BiFunction<A, B, R> f) {
        throw new IllegalArgumentException("scatter: starmap's parameter 'f' must be a RemoteFunction.starmap"
                + " (a function of the argument array), passed to starmapN; got " + describe(f));
    }

    /** Emits each item of each element (an Iterable or array) on the workers (streamz: flatten). */
    @Override
    public <U> ScatteredStream<U> flatten() {
        return next(new ProgramMessage.Step(RemoteFunction.Kind.FLATTEN.code(), ""), 0);
    }

    /**
     * A running reduction per scatter key on the workers (streamz: accumulate with start).
     * {@code f} must be a {@link RemoteFunction#accumulate(String, BiFunction, Object)} and
     * {@code start} the start it was registered with.
     */
    @Override
    public <R> ScatteredStream<R> accumulate(BiFunction<R, ? super T, R> f, R start) {
        ProgramMessage.Step accumulate = step("accumulate", f, RemoteFunction.Kind.ACCUMULATE);
        RemoteFunction.Accumulator<?, ?> accumulator = (RemoteFunction.Accumulator<?, ?>) f;
        if (!accumulator.hasStart() || !Objects.equals(accumulator.start(), start)) {
            throw new IllegalArgumentException("scatter: accumulate's parameter 'start' must be the start '"
                    + accumulator.name() + "' was registered with (" + (accumulator.hasStart()
                    ? accumulator.start() : "none: use accumulate(f) without a start") + "), got " + start);
        }
        return next(accumulate, 0);
    }

    /**
     * A running reduction per scatter key whose first element is the state (streamz: accumulate
     * without start); {@code f} must be a {@link RemoteFunction#accumulate(String, BinaryOperator)}.
     */
    @Override
    public ScatteredStream<T> accumulate(BinaryOperator<T> f) {
        ProgramMessage.Step accumulate = step("accumulate", f, RemoteFunction.Kind.ACCUMULATE);
        if (((RemoteFunction.Accumulator<?, ?>) f).hasStart()) {
            throw new IllegalArgumentException("scatter: accumulate's parameter 'f' was registered with a start;"
                    + " pass it with that start to accumulate(f, start)");
        }
        return next(accumulate, 0);
    }

    /**
     * Lets at most {@code n} elements be in flight between scatter and gather (streamz: buffer):
     * the emitting thread waits while {@code n} are. One per chain.
     */
    @Override
    public ScatteredStream<T> buffer(int n) {
        Arguments.requirePositive(n, "buffer", "n");
        if (n > (1 << 24)) {
            throw new IllegalArgumentException("buffer: parameter 'n' must be at most 16777216 on a scattered stream,"
                    + " got " + n);
        }
        for (ScatteredStream<?> node = this; node != null; node = node.above()) {
            if (node.limit > 0) {
                throw new IllegalArgumentException("buffer: parameter 'n': this scattered chain already has buffer("
                        + node.limit + "); one buffer sets its in-flight limit");
            }
        }
        return next(null, n);
    }

    /** Refused: the wait of a scattered buffer is the cluster's idle strategy. */
    @Override
    public ScatteredStream<T> buffer(int n, WaitStrategy waitStrategy) {
        throw new IllegalArgumentException("buffer: parameter 'waitStrategy' has no meaning on a scattered stream,"
                + " whose producer waits with the cluster's idle strategy; use buffer(n)");
    }

    /** Brings the results back into this process in scatter order (streamz: gather). */
    @Override
    public Stream<T> gather() {
        return gather(GatherOrder.SCATTER_ORDER);
    }

    /**
     * Brings the results back in {@code order}. The nodes below the returned stream run on the
     * cluster's agent thread ({@code streamz4j-scatter-<n>}); they must not block for long, since
     * that thread also reads every worker's results.
     */
    public Stream<T> gather(GatherOrder order) {
        Arguments.requireNonNull(order, "gather", "order");
        List<ProgramMessage.Step> steps = new ArrayList<>();
        int inFlight = DEFAULT_IN_FLIGHT;
        for (ScatteredStream<?> node = this; node != null; node = node.above()) {
            if (node.step != null) {
                steps.add(node.step);
            }
            if (node.limit > 0) {
                inFlight = node.limit;
            }
        }
        Collections.reverse(steps);
        origin.checkFunctions(steps);
        claimNext();
        Gather<T> gather;
        try {
            gather = build(() -> origin.newGather(this));
        } finally {
            buildingNext = false;
        }
        try {
            origin.attach(steps, inFlight, order, gather);
        } catch (RuntimeException e) {
            gather.destroy();
            throw e;
        }
        extended = true;
        return gather;
    }

    /** The scattered node above, or null at the scatter node. */
    private ScatteredStream<?> above() {
        return this == origin ? null : (ScatteredStream<?>) upstream();
    }

    private <R> ScatteredStream<R> next(ProgramMessage.Step nextStep, int nextLimit) {
        claimNext();
        ScatteredStream<R> next;
        try {
            next = build(() -> new ScatteredStream<>(this, nextStep, nextLimit));
        } finally {
            buildingNext = false;
        }
        extended = true;
        return next;
    }

    private void claimNext() {
        if (extended) {
            throw new IllegalArgumentException("scatter: " + this + " already continues to the workers' next step;"
                    + " a scattered stream feeds one chain to one gather: gather() first, then branch");
        }
        buildingNext = true;
    }

    /**
     * Called as a node is built below this one: only the successor this class builds may be; any
     * other operator is refused, since the elements here are on workers.
     */
    @Override
    protected Object downstreamDomain() {
        if (!buildingNext) {
            throw new UnsupportedOperationException("scatter: the elements of " + this + " are on the workers;"
                    + " only map, filter, starmapN, flatten, accumulate, buffer and gather may follow a scattered"
                    + " stream. Call gather() first, then use other operators on its result");
        }
        buildingNext = false;
        return super.downstreamDomain();
    }

    /** Refused like any other operator but the scattered ones: see {@link #downstreamDomain}. */
    @Override
    public void connect(Stream<?> downstream) {
        throw new UnsupportedOperationException("scatter: " + this + " cannot connect " + downstream
                + "; its elements are on the workers: call gather() first");
    }

    /** Never called: a scattered step runs on the workers, and scatter hands nothing on here. */
    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        throw new IllegalStateException(this + " runs on the workers; it receives nothing in this process");
    }

    private static ProgramMessage.Step step(String operator, Object f, RemoteFunction.Kind kind) {
        if (!(f instanceof RemoteFunction remote)) {
            throw new IllegalArgumentException("scatter: " + operator + "'s function must be a RemoteFunction"
                    + " registered by name (RemoteFunction." + operator + "(\"name\", f), registered in a"
                    + " FunctionLibrary that every side loads): workers run functions by name, never serialized"
                    + " lambdas; got " + describe(f));
        }
        if (remote.kind() != kind) {
            throw new IllegalArgumentException("scatter: " + operator + "'s function must be a RemoteFunction."
                    + operator + ", got " + remote);
        }
        return new ProgramMessage.Step(kind.code(), remote.name());
    }

    private static String describe(Object f) {
        return f == null ? "null" : f instanceof RemoteFunction ? f.toString() : f.getClass().getName();
    }

    @Override
    protected String kind() {
        if (step == null) {
            return this == origin ? "scatter" : "buffer";
        }
        RemoteFunction.Kind of = RemoteFunction.Kind.ofCode(step.kind());
        return of == null ? "step" : of.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    protected String parameter() {
        if (limit > 0) {
            return Integer.toString(limit);
        }
        return step == null || step.functionName().isEmpty() ? null : step.functionName();
    }
}
