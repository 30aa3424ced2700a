package io.streamz4j;

import io.streamz4j.core.Accumulate;
import io.streamz4j.core.Buffer;
import io.streamz4j.core.MapAsync;
import io.streamz4j.core.Collect;
import io.streamz4j.core.CombineLatest;
import io.streamz4j.core.Filter;
import io.streamz4j.core.Flatten;
import io.streamz4j.core.Latest;
import io.streamz4j.core.Partition;
import io.streamz4j.core.PartitionUnique;
import io.streamz4j.core.Pluck;
import io.streamz4j.core.Slice;
import io.streamz4j.core.SlidingWindow;
import io.streamz4j.core.Starmap;
import io.streamz4j.core.Union;
import io.streamz4j.core.Unique;
import io.streamz4j.core.Zip;
import io.streamz4j.core.ZipLatest;
import io.streamz4j.graph.Dot;
import io.streamz4j.graph.Graphviz;
import io.streamz4j.plugin.Plugins;
import io.streamz4j.plugin.ProvidedByPlugin;
import io.streamz4j.runtime.Clock;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.Threads;
import io.streamz4j.runtime.WaitStrategy;
import io.streamz4j.sinks.AsyncSink;
import io.streamz4j.sinks.FunctionSink;
import io.streamz4j.sinks.ListSink;
import io.streamz4j.sinks.TextfileSink;
import io.streamz4j.sources.Filenames;
import io.streamz4j.sources.FromIterable;
import io.streamz4j.sources.FromPeriodic;
import io.streamz4j.sources.FromProcess;
import io.streamz4j.sources.FromQueue;
import io.streamz4j.sources.FromTextfile;
import io.streamz4j.sources.ThreadSafeSource;
import io.streamz4j.time.Delay;
import io.streamz4j.time.RateLimit;
import io.streamz4j.time.TimedWindow;
import io.streamz4j.time.TimedWindowUnique;
import io.streamz4j.runtime.internal.Backpressure;
import io.streamz4j.runtime.internal.Construction;
import io.streamz4j.runtime.internal.NodeGraph;
import io.streamz4j.runtime.internal.Placement;

import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of a streaming pipeline, and the fluent API that builds pipelines (streamz's
 * {@code Stream}). Data pushed in with {@link #emit} flows to every downstream node in connection
 * order, depth first, exactly as in streamz: the first downstream and everything below it sees an
 * element before the second downstream does.
 *
 * <p>Every operator is a small subclass in {@code io.streamz4j.core}, {@code sinks} or
 * {@code sources}; the methods here only construct and connect them. A node overrides
 * {@link #update} and hands its result on with the two-line pattern below, so that the call to the
 * next node sits in the operator's own method and its JIT type profile stays monomorphic:
 * <pre>{@code
 *   Stream<?> next = soleDownstream(metadata);
 *   if (next != null) next.update(result, this, metadata); else emitDownstream(result, metadata);
 * }</pre>
 *
 * <p>The machinery lives in {@code io.streamz4j.runtime.internal}, which this class holds and
 * delegates to: {@code NodeGraph} links nodes and walks the graph, {@code Placement} says which
 * thread runs a node (loop adoption, join gating), {@code Construction} defers connecting a node
 * until its constructors have run. What stays here is the API, the emit path and the hooks a
 * subclass overrides.
 *
 * <p>Thread safety: not thread safe. A plain {@code new Stream<>()} is the single-threaded fast
 * path: one thread at a time emits into it, and every node below runs on that thread (with
 * {@code -Dstreamz4j.checkThreads=true}, a second thread emitting while one is inside
 * {@code emit} is refused: see {@code EmitGuard}; {@link #threadSafe()} is for several). A node
 * built by an operator method (or {@link #build}) may go below a pipeline that emits on another
 * thread: it is connected only once constructed, and published with release semantics. One thread
 * at a time builds; rewiring (connect, disconnect, destroy) must happen on the thread that emits,
 * or while nothing emits. Lifetime is explicit: a node stays connected until {@link #destroy} or
 * {@link #disconnect}, unlike Python where unreferenced nodes are collected. {@link #close()} ends
 * a whole pipeline gracefully (what it accepted goes out first); {@link #destroy()} ends a node at
 * once, dropping what it holds; emitting into a destroyed node fails.
 *
 * @param <T> the type of the elements this node emits
 */
public class Stream<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Stream.class);
    private static final Stream<?>[] NO_STREAMS = new Stream<?>[0];

    /** The node wiring every Stream shares: typed access to the fields below, for the runtime. */
    private static final Graph GRAPH = new Graph();
    /** Defers connecting a node built by {@link #build} until its constructors have run. */
    private static final Construction<Stream<?>> CONSTRUCTION = new Construction<>(GRAPH::connectUpstreams);

    private String name;
    private final List<Stream<?>> upstreams = new ArrayList<>(1);
    /**
     * Copy-on-write, so an emission walks the downstreams it started with, as streamz does.
     * Written after a release fence (with {@link #sole}), so a node built by {@link #build} is
     * published after every store of its constructors. Read plain: an acquire load on the emit path cost the
     * JIT its optimisations across emits (SinkBenchmark 0.5 to 1.8 ns an element); the emitting
     * thread reaches the new node's fields only through the reference it read, a dependent load
     * that the processors the JVM runs on keep in order.
     */
    private Stream<?>[] downstreams = NO_STREAMS;
    /** The only downstream when there is exactly one, for the emit fast path; null otherwise. */
    private Stream<?> sole;
    /** Which threads run this node: its loop, thread source, domain and join gate. */
    private final Placement<Stream<?>> placement;
    /**
     * Whether {@link #placement} put a ring in front of this join; set once, at construction. A
     * field of the node's own, so an ungated node's {@link #update} checks it with the one load it
     * makes anyway rather than reaching into the placement for every element.
     */
    private boolean gated;
    private volatile boolean destroyed;
    /** How many elements not yet emitted {@link #destroy} let go of; written once, by the destroying thread. */
    private volatile long droppedOnDestroy;
    /** The node's error handlers and failure count; touched only when something fails. */
    private final NodeErrors errors = new NodeErrors();
    /** The thread inside {@link #emit}, when {@link EmitGuard} checks for concurrent emits; else unused. */
    Thread emitting;

    /** A source node: {@code emit} pushes data in here. */
    public Stream() {
        this((String) null);
    }

    /** A named source node; the name shows in logs, {@link #toString()} and graphs. */
    public Stream(String name) {
        this.name = name;
        this.placement = new Placement<>(GRAPH, this, null, null);
    }

    /**
     * A named source node whose pipeline's time-based nodes run on {@code loop} and read its
     * clock (streamz: {@code Stream(loop=...)}); tests pass a loop on a
     * {@link io.streamz4j.runtime.ManualClock}.
     */
    public Stream(String name, EventLoop loop) {
        this.name = name;
        Arguments.requireNonNull(loop, "Stream", "loop");
        this.placement = new Placement<>(GRAPH, this, loop, loop.threads());
    }

    /**
     * A named source node whose pipeline takes its threads (event loop, buffer and join
     * consumers, queue sources) from {@code threads}: a thread factory, or an invoker the service
     * drives; see {@link Threads}.
     */
    public Stream(String name, Threads threads) {
        this.name = name;
        this.placement = new Placement<>(GRAPH, this, null, Arguments.requireNonNull(threads, "Stream", "threads"));
    }

    /**
     * A node fed by {@code upstreams}; each gets it as its last downstream. Built through
     * {@link #build} (as every operator method here builds its node), the node is connected only
     * once all its constructors have run. Built with a plain {@code new}, it is connected here,
     * before the subclass's own fields are set, so a subclass checks its arguments inside its
     * {@code super(...)} call (a static method that validates and returns the upstream), and a
     * node rejected at construction is never left wired into the pipeline.
     */
    protected Stream(String name, Stream<?>... upstreams) {
        this.name = name;
        this.placement = new Placement<>(GRAPH, this, null, null);
        boolean deferred = CONSTRUCTION.claim(this);
        for (Stream<?> upstream : upstreams) {
            Arguments.requireNonNull(upstream, getClass().getSimpleName(), "upstream");
            this.upstreams.add(upstream);
            errors.inherit(upstream.errors);
            if (!deferred) {
                GRAPH.addDownstream(upstream, this);
            }
            placement.inherit(upstream);
        }
        if (upstreams.length > 0) {
            placement.runBelow(upstreams[0]);
        }
    }

    // ------------------------------------------------------------------ pushing data

    /** Pushes {@code x} into the pipeline at this node: every downstream receives it. */
    public void emit(T x) {
        if (EmitGuard.ON) {
            // a constant: switched off, the JIT drops this branch and the path below is unchanged
            emitGuarded(x, Metadata.NONE);
            return;
        }
        Stream<?> next = sole;
        if (next != null) {
            next.update(x, this, Metadata.NONE);
        } else {
            emitDownstream(x, Metadata.NONE);
        }
    }

    /** Pushes {@code x} with its metadata; references in it are retained while nodes hold x. */
    public void emit(T x, List<Map<String, Object>> metadata) {
        if (destroyed) {
            throw DestroyedNode.emittedInto(this);
        }
        List<Map<String, Object>> checked = Metadata.of(metadata);
        if (EmitGuard.ON) {
            emitGuarded(x, checked);
            return;
        }
        emitDownstream(x, checked);
    }

    /** {@link #emit} while {@link EmitGuard} makes sure no other thread is emitting into this node. */
    private void emitGuarded(Object x, List<Map<String, Object>> metadata) {
        Thread outer = EmitGuard.enter(this);
        try {
            Stream<?> next = soleDownstream(metadata);
            if (next != null) {
                next.update(x, this, metadata);
            } else {
                emitDownstream(x, metadata);
            }
        } finally {
            EmitGuard.exit(this, outer);
        }
    }

    /**
     * Pushes {@code x} and returns a future that completes when every downstream consequence has
     * been accepted, or fails with the exception a node threw. A pipeline with nothing
     * asynchronous finishes the work before returning and hands back one shared completed future.
     */
    public CompletableFuture<Void> emitAsync(T x) {
        Backpressure context = Backpressure.current();
        if (!context.begin()) {
            emit(x);
            return CompletedFuture.INSTANCE;
        }
        try {
            emit(x);
        } catch (RuntimeException e) {
            context.abandon();
            return CompletableFuture.failedFuture(e);
        } catch (Error e) {
            // rethrown as is, but this thread must not go on collecting for an emitAsync that ended
            context.abandon();
            throw e;
        }
        return context.end(CompletedFuture.INSTANCE);
    }

    /**
     * Receives an element from {@code who}, one of this node's upstreams. The base node passes it
     * on unchanged; operators override this. Called on the thread that emits.
     */
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (gated && placement.handedToGate(x, who, metadata)) {
            return;
        }
        Stream<?> next = soleDownstream(metadata);
        if (next != null) {
            next.update(x, this, metadata);
        } else {
            emitDownstream(x, metadata);
        }
    }

    /**
     * The one downstream to call directly, or null when the general path is needed (several or
     * no downstreams, or references to count).
     *
     * <p>Each node writes the {@code next.update(...)} call itself rather than leaving it to one
     * shared method: the JIT profiles a call per bytecode site, so a site in each node class sees
     * the one or two downstream classes that node feeds and is inlined, where a single shared
     * site would see every node class in the process and become a megamorphic virtual call.
     */
    protected final Stream<?> soleDownstream(List<Map<String, Object>> metadata) {
        return metadata == Metadata.NONE ? sole : null;
    }

    /**
     * Hands {@code x} to every downstream in connection order (streamz's {@code _emit}). The
     * references in {@code metadata} are retained once per downstream and released as each one
     * returns, so none reaches zero while a later branch has yet to see the element. If a
     * downstream throws, its reference and those of the branches not reached stay retained: the
     * element was not fully processed, and a checkpoint must not pass it.
     */
    protected final void emitDownstream(Object x, List<Map<String, Object>> metadata) {
        Stream<?>[] targets = downstreams;
        Metadata.retain(metadata, targets.length);
        for (Stream<?> target : targets) {
            target.update(x, this, metadata);
            Metadata.release(metadata, 1);
        }
    }

    // ------------------------------------------------------------------ threads and time

    /**
     * The pipeline's event loop: the one inherited from upstream or found further up (a branch
     * built before another branch's time node gave the pipeline its loop), or else a new one
     * named after the pipeline, which then becomes its upstreams' loop too, so every time-based
     * node of a pipeline shares one loop thread.
     */
    protected final EventLoop pipelineLoop() {
        return placement.pipelineLoop();
    }

    /**
     * The name threads started for this node carry: the name of the source at the top of its
     * first-upstream chain, else that source's kind.
     */
    protected final String pipelineName() {
        return GRAPH.pipelineName(this);
    }

    /** Where this node's pipeline takes its threads: its source's {@link Threads}, or the process default. */
    protected final Threads pipelineThreads() {
        return placement.pipelineThreads();
    }


    /**
     * Makes this node, and every node built below it from now on, take its threads from
     * {@code threads} (see {@link Threads}); for a source, before anything is built below it.
     * Fails if nodes are already connected below, or if the node already has an event loop with
     * other threads (a polling source: give it a loop made with
     * {@link EventLoop#create(String, Clock, WaitStrategy, Threads)} instead).
     */
    public Stream<T> withThreads(Threads threads) {
        Arguments.requireNonNull(threads, "withThreads", "threads");
        placement.useThreads(threads);
        return this;
    }

    /** The clock time-based nodes read: the pipeline loop's, or the system clock when there is none. */
    protected final Clock pipelineClock() {
        return placement.pipelineClock();
    }

    /**
     * What runs this node's downstreams: by default the same thread as this node; a buffer's ring
     * consumer, or a time-based node's loop, for nodes that hand elements to another thread.
     */
    protected Object downstreamDomain() {
        return placement.domain();
    }


    /**
     * The event loop whose thread runs this node's update (a node below a timed window, a delay or
     * a partition with a timeout), or null when the thread emitting into the pipeline, or a ring's
     * consumer, runs it: where a checkpoint must read what the node holds.
     */
    protected final EventLoop runningLoop() {
        return placement.runningLoop();
    }


    /**
     * For nodes that join several streams: if the upstreams run on different threads, puts a
     * multi-producer ring in front of this node, whose consumer thread then runs it, so its state
     * keeps a single writer.
     */
    protected final void gateIfThreadsDiffer() {
        gated = placement.gateIfThreadsDiffer(this::update);
    }


    /**
     * Hands an element to this join's ring when called off its consumer thread; true if it did,
     * and the caller returns.
     */
    protected final boolean handedToGate(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        return gated && placement.handedToGate(x, who, metadata);
    }


    /**
     * Calls a user function of this node that is not on its main path (a key function), reporting
     * a failure for the node and rethrowing it unchanged.
     */
    protected final <A, R> R applyUserFunction(Function<? super A, ? extends R> f, A x) {
        try {
            return f.apply(x);
        } catch (RuntimeException | Error e) {
            reportFailure(x, e);
            throw e;
        }
    }

    // ------------------------------------------------------------------ errors

    /**
     * Reports that this node failed on {@code element}: counts it and calls the node's
     * {@link ErrorHandler}, once. A node calls it where its user function throws, then rethrows
     * the exception unchanged, so on the emitting thread it reaches the caller of {@code emit}
     * with its own type; the engine's threads call it for failures no node reported.
     */
    public final void reportFailure(Object element, Throwable error) {
        errors.report(this, element, error);
    }

    /**
     * Reports that this node refuses {@code element} (a tuple of the wrong size, a key it lacks)
     * and returns {@code error} for the caller to throw: {@code throw refused(x, new ...)}.
     */
    protected final RuntimeException refused(Object element, RuntimeException error) {
        reportFailure(element, error);
        return error;
    }

    /** Sends this node's failures to {@code handler} instead of its pipeline's (null: back to the pipeline's). */
    public Stream<T> onError(ErrorHandler handler) {
        errors.own(handler);
        return this;
    }

    /**
     * Sends the failures of every node connected to this one, and of nodes built below them
     * later, to {@code handler}, except nodes given their own with {@link #onError}. By default
     * failures go to {@link ErrorHandler#logging()}.
     */
    public Stream<T> onPipelineError(ErrorHandler handler) {
        for (Stream<?> node : connectedNodes()) {
            node.errors.pipeline(handler);
        }
        return this;
    }

    final List<Stream<?>> connectedNodes() {
        return GRAPH.connectedNodes(this);
    }


    /** How many elements this node has failed on; read from any thread without a lock. */
    public long errorCount() {
        return errors.count();
    }

    // ------------------------------------------------------------------ one-to-one operators

    /** Applies {@code f} to every element (streamz: map). */
    public <R> Stream<R> map(Function<? super T, ? extends R> f) {
        return build(() -> new io.streamz4j.core.Map<T, R>(this, f));
    }

    /**
     * Applies an asynchronous {@code f} to every element and emits each result, in order, once it
     * is ready (streamz: map with a coroutine); the emitting thread waits for it.
     */
    public <R> Stream<R> mapAsync(Function<? super T, ? extends CompletionStage<? extends R>> f) {
        return build(() -> new MapAsync<T, R>(this, f));
    }

    /** Applies {@code f} to the two items of each tuple (streamz: starmap). */
    public <A, B, R> Stream<R> starmap(BiFunction<A, B, R> f) {
        Arguments.requireNonNull(f, "starmap", "f");
        return build(() -> new Starmap<>(this, 2, items -> f.apply(Starmap.<A>item(items, 0), Starmap.<B>item(items, 1))));
    }

    /** Applies {@code f} to the items of each tuple, however many there are (streamz: starmap). */
    public <R> Stream<R> starmapN(Function<Object[], R> f) {
        return build(() -> new Starmap<>(this, -1, f));
    }

    /** Passes only the elements that satisfy {@code predicate} (streamz: filter). */
    public Stream<T> filter(Predicate<? super T> predicate) {
        return build(() -> new Filter<>(this, predicate));
    }

    /** Passes only the elements that do not satisfy {@code predicate} (streamz: remove). */
    public Stream<T> remove(Predicate<? super T> predicate) {
        Arguments.requireNonNull(predicate, "remove", "predicate");
        return build(() -> new Filter<>(this, predicate.negate()));
    }

    /**
     * Running reduction: {@code state = f(state, x)}, emitting each new state (streamz:
     * accumulate with start).
     */
    public <R> Stream<R> accumulate(BiFunction<R, ? super T, R> f, R start) {
        return build(() -> Accumulate.of(this, f, start, false));
    }

    /** Running reduction whose first element is the start state, emitted as is (streamz: accumulate). */
    public Stream<T> accumulate(BinaryOperator<T> f) {
        return build(() -> Accumulate.of(this, f, false));
    }

    /** {@code accumulate} that emits {@code (state, result)} tuples (streamz: with_state=True). */
    public <R> Stream<List<Object>> accumulateWithState(BiFunction<R, ? super T, R> f, R start) {
        return build(() -> Accumulate.of(this, f, start, true));
    }

    /**
     * {@link #accumulate(BinaryOperator)} emitting {@code (state, result)} tuples, the first being
     * {@code (x, x)} (streamz: with_state=True without a start).
     */
    public Stream<List<Object>> accumulateWithState(BinaryOperator<T> f) {
        return build(() -> Accumulate.of(this, f, true));
    }

    /**
     * Running reduction whose function returns both the next state and the value to emit
     * (streamz: accumulate with returns_state=True).
     */
    public <S, R> Stream<R> accumulateReturningState(BiFunction<S, ? super T, Step<S, R>> f, S start) {
        return build(() -> Accumulate.returningState(this, f, start, false));
    }

    /** {@link #accumulateReturningState} emitting {@code (state, result)} tuples (with_state=True). */
    public <S, R> Stream<List<Object>> accumulateReturningStateWithState(
            BiFunction<S, ? super T, Step<S, R>> f, S start) {
        return build(() -> Accumulate.returningState(this, f, start, true));
    }

    /** streamz's alias of {@link #accumulate(BiFunction, Object)}. */
    public <R> Stream<R> scan(BiFunction<R, ? super T, R> f, R start) {
        return accumulate(f, start);
    }

    /** Counts occurrences: emits a snapshot of element to count after each element (streamz: frequencies). */
    public Stream<Map<T, Integer>> frequencies() {
        return accumulate((Map<T, Integer> counts, T x) -> {
            Map<T, Integer> next = new LinkedHashMap<>(counts);
            next.merge(x, 1, Integer::sum);
            return Collections.unmodifiableMap(next);
        }, Map.of()).named("frequencies");
    }

    /** Picks {@code key} out of each element: an index of a list or array, or a key of a map (streamz: pluck). */
    public <R> Stream<R> pluck(Object key) {
        return build(() -> Pluck.one(this, key));
    }

    /** Picks several keys out of each element into a tuple (streamz: pluck with a list). */
    public Stream<List<Object>> pluck(List<?> keys) {
        return build(() -> Pluck.many(this, keys));
    }

    /** Emits an element only the first time its value is seen; the history is unbounded (streamz: unique). */
    public Stream<T> unique() {
        return build(() -> new Unique<>(this, 0, Function.identity(), true));
    }

    /** {@link #unique()} remembering only the {@code maxsize} most recently seen values, as an LRU. */
    public Stream<T> unique(int maxsize) {
        return build(() -> new Unique<>(this, Arguments.requirePositive(maxsize, "unique", "maxsize"), Function.identity(), true));
    }

    /**
     * The general form of unique (streamz: unique(maxsize, key, hashable)). {@code maxsize} null
     * keeps all history. With {@code hashable} false the history is a list compared with
     * {@link Objects#deepEquals}, for keys whose hash is unusable (arrays, mutable objects).
     */
    public Stream<T> unique(Integer maxsize, Function<? super T, ?> key, boolean hashable) {
        if (maxsize != null) {
            Arguments.requirePositive(maxsize, "unique", "maxsize");
        }
        return build(() -> new Unique<>(this, maxsize == null ? 0 : maxsize, key, hashable));
    }

    /** Emits elements from index {@code start} up to {@code end} (exclusive, null for none) every {@code step} (streamz: slice). */
    public Stream<T> slice(int start, Integer end, int step) {
        return build(() -> new Slice<>(this, start, end, step));
    }

    /** Lets held-up data go and emits only the newest element once the pipeline below is free (streamz: latest). */
    public Stream<T> latest() {
        return build(() -> new Latest<>(this));
    }

    // ------------------------------------------------------------------ collections of elements

    /** Overlapping tuples of the last {@code n} elements (streamz: sliding_window). */
    public Stream<List<T>> slidingWindow(int n, boolean returnPartial) {
        return build(() -> new SlidingWindow<>(this, n, returnPartial));
    }

    /** {@link #slidingWindow(int, boolean)} emitting partial windows too, streamz's default. */
    public Stream<List<T>> slidingWindow(int n) {
        return slidingWindow(n, true);
    }

    /** Tuples of {@code n} consecutive elements (streamz: partition). */
    public Stream<List<T>> partition(int n) {
        return build(() -> new Partition<>(this, n, null, null));
    }

    /** Tuples of {@code n} elements sharing a key (streamz: partition with key). */
    public Stream<List<T>> partition(int n, Function<? super T, ?> key) {
        Arguments.requireNonNull(key, "partition", "key");
        return build(() -> new Partition<>(this, n, key, null));
    }

    /** Tuples of {@code n} elements with distinct values, keeping the first of repeats (streamz: partition_unique). */
    public Stream<List<T>> partitionUnique(int n) {
        return build(() -> new PartitionUnique<>(this, n, Function.identity(), PartitionUnique.Keep.FIRST));
    }

    /** Tuples of {@code n} elements with distinct keys; {@code keep} picks which of repeats stays. */
    public Stream<List<T>> partitionUnique(int n, Function<? super T, ?> key, PartitionUnique.Keep keep) {
        return build(() -> new PartitionUnique<>(this, n, key, keep));
    }

    /**
     * Tuples of {@code n} consecutive elements, or fewer once {@code timeout} has passed since a
     * partition's first element (streamz: partition with timeout). Runs on the pipeline's loop.
     */
    public Stream<List<T>> partition(int n, Duration timeout) {
        Arguments.requireNonNull(timeout, "partition", "timeout");
        return build(() -> new Partition<>(this, n, null, timeout));
    }

    /** {@link #partition(int, Duration)} of elements sharing a key. */
    public Stream<List<T>> partition(int n, Duration timeout, Function<? super T, ?> key) {
        Arguments.requireNonNull(timeout, "partition", "timeout");
        Arguments.requireNonNull(key, "partition", "key");
        return build(() -> new Partition<>(this, n, key, timeout));
    }

    // ------------------------------------------------------------------ time and threads

    /**
     * Lets up to {@code n} elements pile up here; the nodes below run on the buffer's own thread
     * and the producer waits while {@code n} are in flight (streamz: buffer). The consumer parks
     * when idle; see {@link #buffer(int, WaitStrategy)} to trade CPU for latency.
     */
    public Stream<T> buffer(int n) {
        return build(() -> new Buffer<>(this, n, WaitStrategy.BLOCKING));
    }

    /** {@link #buffer(int)} whose consumer thread waits for work with {@code waitStrategy}. */
    public Stream<T> buffer(int n, WaitStrategy waitStrategy) {
        return build(() -> new Buffer<>(this, n, waitStrategy));
    }

    /** Emits queued elements on the pipeline's loop, at most one per {@code interval} (streamz: delay). */
    public Stream<T> delay(Duration interval) {
        return build(() -> new Delay<>(this, interval));
    }

    /** Lets no two elements through less than {@code interval} apart, holding the producer back (streamz: rate_limit). */
    public Stream<T> rateLimit(Duration interval) {
        return build(() -> new RateLimit<>(this, interval));
    }

    /** Every {@code interval}, a list of what arrived since the last one (streamz: timed_window). */
    public Stream<List<T>> timedWindow(Duration interval) {
        return build(() -> new TimedWindow<>(this, interval));
    }

    /** Every {@code interval}, a tuple of the distinct elements that arrived, keeping the first of repeats. */
    public Stream<List<T>> timedWindowUnique(Duration interval) {
        return build(() -> new TimedWindowUnique<>(this, interval, Function.identity(), PartitionUnique.Keep.FIRST));
    }

    /** Every {@code interval}, a tuple of elements with distinct keys (streamz: timed_window_unique). */
    public Stream<List<T>> timedWindowUnique(Duration interval, Function<? super T, ?> key, PartitionUnique.Keep keep) {
        return build(() -> new TimedWindowUnique<>(this, interval, key, keep));
    }

    /**
     * A source whose {@code emit} may be called from any thread at once: a multi-producer ring in
     * front of the pipeline, whose nodes run on one consumer thread; each thread's elements keep
     * their order and none is lost.
     */
    public static <T> Stream<T> threadSafe() {
        return new ThreadSafeSource<>(null, WaitStrategy.BLOCKING, null);
    }

    /** {@link #threadSafe()} with a name for its thread and a wait strategy for its consumer. */
    public static <T> Stream<T> threadSafe(String name, WaitStrategy waitStrategy) {
        return new ThreadSafeSource<>(name, waitStrategy, null);
    }

    /** {@link #threadSafe(String, WaitStrategy)} whose pipeline takes its threads from {@code threads}. */
    public static <T> Stream<T> threadSafe(String name, WaitStrategy waitStrategy, Threads threads) {
        return new ThreadSafeSource<>(name, waitStrategy, threads);
    }

    /** Emits each item of each element, which must be an {@link Iterable} or array (streamz: flatten). */
    public <U> Stream<U> flatten() {
        return build(() -> new Flatten<>(this));
    }

    /** streamz's alias of {@link #flatten()}. */
    public <U> Stream<U> concat() {
        return flatten();
    }

    /** Holds elements until {@link Collect#flush()} emits them as one tuple (streamz: collect). */
    public Collect<T> collect() {
        return build(() -> new Collect<>(this));
    }

    // ------------------------------------------------------------------ joins

    /** Every element of this stream and of {@code others}, as it arrives (streamz: union). */
    @SafeVarargs
    public final Stream<T> union(Stream<? extends T>... others) {
        return build(() -> new Union<>(this, others));
    }

    /** A tuple once every stream has produced a new element (streamz: zip). */
    public Stream<List<Object>> zip(Stream<?>... others) {
        return build(() -> Zip.ofStreams(this, others));
    }

    /**
     * zip where arguments that are not streams are literals placed at their position in every
     * tuple (streamz: zip with literals).
     */
    public Stream<List<Object>> zip(Object... othersOrLiterals) {
        return build(() -> Zip.of(this, othersOrLiterals));
    }

    /** A tuple of the latest element of every stream, whenever any emits (streamz: combine_latest). */
    public Stream<List<Object>> combineLatest(Stream<?>... others) {
        return build(() -> new CombineLatest(this, others, null));
    }

    /** combine_latest emitting only when one of the streams in {@code emitOn} emits (streamz: emit_on). */
    public Stream<List<Object>> combineLatest(EmitOn emitOn, Stream<?>... others) {
        Arguments.requireNonNull(emitOn, "combineLatest", "emitOn");
        return build(() -> new CombineLatest(this, others, emitOn));
    }

    /**
     * Every element of this (lossless) stream paired with the latest elements of {@code others},
     * once all have produced one (streamz: zip_latest).
     */
    public Stream<List<Object>> zipLatest(Stream<?>... others) {
        return build(() -> new ZipLatest(this, others));
    }

    /**
     * Sends this stream's elements to worker processes (streamz: scatter): the map, filter,
     * starmap, flatten and accumulate chained below it run on the workers, {@code buffer(n)} sets
     * how many elements are in flight, and {@link #gather()} brings the results back. The
     * streamz4j-transport-scatter artifact provides it as the {@code "scatter"} plugin, on the
     * default cluster, so that the engine depends on no transport.
     */
    @ProvidedByPlugin
    public Stream<T> scatter() {
        return scatterPlugin();
    }

    /**
     * {@link #scatter()} sending elements with equal keys to the same worker, so that an
     * {@code accumulate} on the workers keeps one state per key.
     */
    @ProvidedByPlugin
    public Stream<T> scatter(Function<? super T, ?> key) {
        Arguments.requireNonNull(key, "scatter", "key");
        return scatterPlugin(key);
    }

    private Stream<T> scatterPlugin(Object... args) {
        if (Plugins.registry().entry("scatter").isEmpty()) {
            throw new IllegalStateException("scatter: no worker transport on the class path; add the "
                    + "streamz4j-transport-scatter artifact, which provides the 'scatter' plugin");
        }
        return plugin("scatter", args);
    }

    /**
     * Brings a scattered stream's results back into this process (streamz: gather); a no-op in a
     * local pipeline, so the same code runs scattered or not.
     */
    public Stream<T> gather() {
        return this;
    }

    // ------------------------------------------------------------------ sinks

    /** Calls {@code f} on every element (streamz: sink). */
    public Stream<T> sink(Consumer<? super T> f) {
        return build(() -> new FunctionSink<>(this, f));
    }

    /**
     * Calls {@code f} on every element and hands the asynchronous work it starts back to the
     * emitter (streamz: sink with a coroutine): {@code emitAsync}'s future waits for it, a plain
     * {@code emit} waits for it in place, so a slow write slows the producer.
     */
    public Stream<T> sinkAsync(Function<? super T, ? extends CompletionStage<?>> f) {
        return build(() -> new AsyncSink<>(this, f));
    }

    /** Appends every element to the returned list (streamz: sink_to_list). */
    public List<T> sinkToList() {
        return build(() -> new ListSink<T>(this)).list();
    }

    /** Appends every element, followed by a newline, to {@code file} (streamz: sink_to_textfile). */
    public Stream<T> sinkToTextfile(Path file) {
        return build(() -> new TextfileSink<>(this, file, "\n", true));
    }

    /**
     * Writes every element followed by {@code end} to {@code file}, appending or truncating first.
     * The file is closed by {@link #destroy()}.
     */
    public Stream<T> sinkToTextfile(Path file, String end, boolean append) {
        return build(() -> new TextfileSink<>(this, file, end, append));
    }

    // ------------------------------------------------------------------ sources and plugins

    /** A source that emits every item of {@code items} when started (streamz: from_iterable). */
    public static <T> Source<T> fromIterable(Iterable<? extends T> items) {
        return new FromIterable<>(items);
    }

    /**
     * A source that emits the lines of {@code file}, newline included, as they are written,
     * polling every 100 ms on the pipeline's loop, from the start of the file (streamz:
     * from_textfile). Call {@link Source#start()} once the pipeline is wired.
     */
    public static Source<String> fromTextfile(Path file) {
        return new FromTextfile(file, Duration.ofMillis(100), "\n", false);
    }

    /**
     * {@link #fromTextfile(Path)} polling every {@code pollInterval}, emitting records that end
     * with {@code delimiter}, beginning at the end of the file if {@code fromEnd}, and starting
     * at once if {@code start} (elements may then come before the pipeline below is wired).
     */
    public static Source<String> fromTextfile(Path file, Duration pollInterval, String delimiter, boolean fromEnd,
            boolean start) {
        return started(new FromTextfile(file, pollInterval, delimiter, fromEnd), start);
    }

    /** {@link #fromTextfile(Path, Duration, String, boolean, boolean)} polling on {@code loop}. */
    public static Source<String> fromTextfile(Path file, Duration pollInterval, String delimiter, boolean fromEnd,
            boolean start, EventLoop loop) {
        return started(new FromTextfile(file, pollInterval, delimiter, fromEnd, loop), start);
    }

    /**
     * A source that emits, once each, the names of the files in a directory or matching a glob
     * ({@code "dir/*.csv"}), in sorted order as they appear, polling every 100 ms on the
     * pipeline's loop (streamz: filenames).
     */
    public static Source<String> filenames(String pathOrGlob) {
        return new Filenames(pathOrGlob, Duration.ofMillis(100));
    }

    /** {@link #filenames(String)} polling every {@code pollInterval}, starting at once if {@code start}. */
    public static Source<String> filenames(String pathOrGlob, Duration pollInterval, boolean start) {
        return started(new Filenames(pathOrGlob, pollInterval), start);
    }

    /** {@link #filenames(String, Duration, boolean)} polling on {@code loop}. */
    public static Source<String> filenames(String pathOrGlob, Duration pollInterval, boolean start, EventLoop loop) {
        return started(new Filenames(pathOrGlob, pollInterval, loop), start);
    }

    /**
     * A source that runs {@code command} when started and emits each line of its standard output,
     * newline included, and a last line without one, on the pipeline's loop (streamz:
     * from_process). Stopping kills the process.
     */
    public static Source<String> fromProcess(List<String> command) {
        return new FromProcess(command, false, true);
    }

    /** {@link #fromProcess(List)} of a command line split into words as {@code shlex.split} does. */
    public static Source<String> fromProcess(String command) {
        return new FromProcess(FromProcess.splitCommand(command), false, true);
    }

    /**
     * {@link #fromProcess(List)} with standard error merged into the lines if {@code withStderr},
     * a last line without a newline emitted only if {@code withEnd}, starting at once if
     * {@code start}.
     */
    public static Source<String> fromProcess(List<String> command, boolean withStderr, boolean withEnd,
            boolean start) {
        return started(new FromProcess(command, withStderr, withEnd), start);
    }

    /** {@link #fromProcess(List, boolean, boolean, boolean)} emitting on {@code loop}. */
    public static Source<String> fromProcess(List<String> command, boolean withStderr, boolean withEnd,
            boolean start, EventLoop loop) {
        return started(new FromProcess(command, withStderr, withEnd, loop), start);
    }

    /**
     * A source fed by other threads through {@code queue} (streamz-q: from_q): once started, a
     * thread of its own takes each item as it is put and emits it; stopping leaves the items not
     * taken in the queue.
     */
    public static <T> Source<T> fromQueue(BlockingQueue<? extends T> queue) {
        return new FromQueue<>(queue);
    }

    /**
     * A source that calls {@code callback} when started and emits what it returns, then again
     * every 100 ms on the pipeline's loop (streamz: from_periodic). Call {@link Source#start()}
     * once the pipeline is wired.
     */
    public static <T> Source<T> fromPeriodic(Supplier<? extends T> callback) {
        return new FromPeriodic<>(callback, Duration.ofMillis(100));
    }

    /** {@link #fromPeriodic(Supplier)} calling every {@code pollInterval}, starting at once if {@code start}. */
    public static <T> Source<T> fromPeriodic(Supplier<? extends T> callback, Duration pollInterval, boolean start) {
        return started(new FromPeriodic<>(callback, pollInterval), start);
    }

    /** {@link #fromPeriodic(Supplier, Duration, boolean)} polling on {@code loop} and reading its clock. */
    public static <T> Source<T> fromPeriodic(Supplier<? extends T> callback, Duration pollInterval, boolean start,
            EventLoop loop) {
        return started(new FromPeriodic<>(callback, pollInterval, loop), start);
    }

    private static <T> Source<T> started(Source<T> source, boolean start) {
        if (start) {
            source.start();
        }
        return source;
    }

    /** Builds the node plugin registered as {@code name} (streamz.nodes or streamz.sinks) below this node. */
    public <R> Stream<R> plugin(String name, Object... args) {
        return build(() -> Plugins.<R>node(this, name, args));
    }

    /** Builds the source plugin registered as {@code name} (streamz.sources). */
    public static <R> Stream<R> pluginSource(String name, Object... args) {
        return Plugins.source(name, args);
    }

    // ------------------------------------------------------------------ wiring and lifetime

    /** Makes {@code downstream} receive everything this node emits, after its existing downstreams. */
    public void connect(Stream<?> downstream) {
        Arguments.requireNonNull(downstream, "connect", "downstream");
        GRAPH.addDownstream(this, downstream);
        downstream.addUpstream(this);
        downstream.errors.inherit(errors);
    }

    /** Undoes {@link #connect}: {@code downstream} receives nothing more from this node. */
    public void disconnect(Stream<?> downstream) {
        Arguments.requireNonNull(downstream, "disconnect", "downstream");
        if (!GRAPH.removeDownstream(this, downstream)) {
            throw new IllegalArgumentException(
                    "disconnect: " + downstream + " is not a downstream of " + this);
        }
        downstream.removeUpstream(this);
    }

    /**
     * Disconnects this node from all its upstreams and releases what it owns (files, threads) at
     * once. Elements it holds are let go of (their references released once), not emitted: those
     * not yet emitted in any form (a delay's queue, a window or partition not yet out, a zip's
     * unmatched elements) are counted in {@link #droppedOnDestroy()} and named in one WARN log
     * line; a buffer still delivers what it had accepted first. Nodes below it that are now fed
     * only by destroyed nodes release theirs too, as Python would collect them: destroying a
     * pipeline's sources ends every thread the pipeline started. A second call does nothing;
     * emitting into a destroyed node throws an {@link IllegalStateException} naming it. To end a
     * pipeline without losing what it accepted, use {@link #close()}.
     */
    public void destroy() {
        for (Stream<?> upstream : new ArrayList<>(upstreams)) {
            GRAPH.removeDownstream(upstream, this);
            removeUpstream(upstream);
        }
        release();
    }

    /** True once this node has been destroyed, or everything feeding it has. */
    public boolean isDestroyed() {
        return destroyed;
    }

    /**
     * How many elements this node held, not yet emitted in any form, when it was destroyed; 0
     * before, and after a {@link #close()} that flushed them.
     */
    public long droppedOnDestroy() {
        return droppedOnDestroy;
    }

    /**
     * Ends the pipeline this node belongs to gracefully (every node connected to it, up and down):
     * stops its sources, lets every buffer and join ring deliver what it accepted, has the
     * time-based nodes emit what they hold now (a delay its queue, a timed window its current
     * window, a partition with a timeout its partial partitions), each in pipeline order so what
     * one flushes reaches the next before it flushes, and then destroys every node, which ends the
     * pipeline's threads and releases what the nodes still hold (a count window's partial
     * contents, which without more input would never go out, are dropped and counted as by
     * {@link #destroy()}). Call it from a thread that is not one of the pipeline's own (the
     * emitting thread, a test, a shutdown path); a second call does nothing.
     */
    @Override
    public void close() {
        PipelineClose.close(this);
    }

    /** Releases what this node owns (files, threads); called once, by {@link #destroy()}. */
    protected void onDestroy() {
    }

    /**
     * Lets go of the elements this node still holds, releasing each one's references once; called
     * once, by {@link #destroy()}, before {@link #onDestroy()}. Returns how many of them had not
     * been emitted in any form, which destroy reports as dropped. A node whose state lives on
     * another thread (a loop, a ring's consumer) lets go of it there.
     */
    protected long releaseHeld() {
        return 0;
    }

    /**
     * For {@link #close()}: emits, now, what the node holds that would go out later without more
     * input (time-based nodes), and returns once it has; waits for a ring's consumer to deliver
     * what it accepted. Called on the closing thread, nodes above first. Nothing by default.
     */
    protected void flushOnClose() {
    }

    final void drainForClose() {
        placement.drainGate();
        flushOnClose();
    }

    private void release() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        // what the join's ring accepted reaches the node before it lets go of what it holds
        placement.closeGate();
        long dropped = releaseHeld();
        onDestroy();
        if (dropped > 0) {
            droppedOnDestroy = dropped;
            LOG.warn("{} destroyed holding {} element(s) not yet emitted: dropped", this, dropped);
        }
        sole = new DestroyedNode(this);
        for (Stream<?> downstream : downstreams) {
            if (downstream.fedOnlyByDestroyed()) {
                downstream.release();
            }
        }
    }

    private boolean fedOnlyByDestroyed() {
        for (Stream<?> upstream : upstreams) {
            if (!upstream.destroyed) {
                return false;
            }
        }
        return true;
    }

    /** Starts the sources upstream of this node; sources override it to begin emitting. */
    public void start() {
        for (Stream<?> upstream : new ArrayList<>(upstreams)) {
            upstream.start();
        }
    }

    /** Stops the sources upstream of this node. */
    public void stop() {
        for (Stream<?> upstream : new ArrayList<>(upstreams)) {
            upstream.stop();
        }
    }

    /** Hook for nodes that keep per-upstream state (zip, combine_latest): a new upstream joins. */
    protected void addUpstream(Stream<?> upstream) {
        upstreams.add(upstream);
    }

    /** Hook for nodes that keep per-upstream state: an upstream leaves. */
    protected void removeUpstream(Stream<?> upstream) {
        upstreams.remove(upstream);
    }

    /**
     * Publishes {@code next} as this node's downstreams, and the fast-path {@link #sole} with
     * them: a destroyed node's sole downstream stays the node that refuses every element.
     */
    private void setDownstreams(Stream<?>[] next) {
        // the stores that built a new downstream land before the stores that publish it
        VarHandle.releaseFence();
        downstreams = next;
        sole = destroyed ? new DestroyedNode(this) : next.length == 1 ? next[0] : null;
    }

    /**
     * Constructs a node with {@code constructor} and only then connects it to its upstreams, so
     * that a pipeline already emitting on another thread (a timed window's loop, a buffer's
     * consumer) cannot hand it an element before its constructors have finished (streamz's nodes
     * are whole once {@code __init__} returns; a Java subclass's fields are set after the base
     * constructor). Every operator method of this class builds its node this way; call it for a
     * node of your own, {@code Stream.build(() -> new MyNode(upstream, ...))}, when it goes below a
     * pipeline that is running. If the constructor throws, nothing is connected.
     */
    public static <S extends Stream<?>> S build(Supplier<S> constructor) {
        Arguments.requireNonNull(constructor, "build", "constructor");
        return CONSTRUCTION.build(constructor);
    }

    // ------------------------------------------------------------------ introspection

    /** The nodes feeding this one, in the order they were connected. */
    public List<Stream<?>> upstreams() {
        return Collections.unmodifiableList(upstreams);
    }

    /** The single upstream, null for a source; an error if there are several (streamz: upstream). */
    public Stream<?> upstream() {
        if (upstreams.size() > 1) {
            throw new IllegalStateException(this + " has multiple upstreams");
        }
        return upstreams.isEmpty() ? null : upstreams.get(0);
    }

    /** The nodes this one feeds, in the order they receive elements. */
    public List<Stream<?>> downstreams() {
        return List.of(downstreams);
    }

    /** The name given at construction or with {@link #named}, or null. */
    public String name() {
        return name;
    }

    /** Names this node (streamz: stream_name) and returns it, for fluent use. */
    public Stream<T> named(String newName) {
        this.name = newName;
        return this;
    }

    /** streamz's name for this kind of node ({@code map}, {@code sliding_window}...). */
    protected String kind() {
        return getClass().getSimpleName();
    }

    /** The parameter shown in this node's label (a size or an interval), or null. */
    protected String parameter() {
        return null;
    }

    /** The Graphviz shape drawing this node, as streamz chooses per node type. */
    public String graphShape() {
        return "ellipse";
    }

    /** The graph of every node connected to this one, in Graphviz DOT. */
    public String toDot() {
        return Dot.render(this);
    }

    /**
     * Renders the graph to {@code file} (PNG or SVG by its extension) with Graphviz's {@code dot}
     * program; fails with instructions to install it when it is missing.
     */
    public Path visualize(Path file) {
        return Graphviz.render(this, file);
    }

    /** {@link #visualize(Path)} with Graphviz graph attributes, e.g. {@code Map.of("rankdir", "LR")}. */
    public Path visualize(Path file, Map<String, String> graphAttributes) {
        return Graphviz.render(this, file, graphAttributes);
    }

    /** streamz's label: {@code <name; kind: parameter>}, e.g. {@code <partition: 3>}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("<");
        if (name != null) {
            text.append(name).append("; ");
        }
        text.append(kind());
        String parameter = parameter();
        if (parameter != null) {
            text.append(": ").append(parameter);
        }
        return text.append('>').toString();
    }

    /**
     * The runtime's typed access to a node's wiring state, so the machinery in
     * {@code runtime.internal} needs no public accessor on this class.
     *
     * <p>Thread safety: stateless; see {@link NodeGraph}.
     */
    private static final class Graph extends NodeGraph<Stream<?>> {
        @Override
        protected List<Stream<?>> upstreamsOf(Stream<?> node) {
            return node.upstreams;
        }

        @Override
        protected Stream<?>[] downstreamsOf(Stream<?> node) {
            return node.downstreams;
        }

        @Override
        protected void publishDownstreams(Stream<?> node, Stream<?>[] next) {
            node.setDownstreams(next);
        }

        @Override
        protected Placement<Stream<?>> placementOf(Stream<?> node) {
            return node.placement;
        }

        @Override
        protected Object downstreamDomainOf(Stream<?> node) {
            return node.downstreamDomain();
        }

        @Override
        protected String nameOf(Stream<?> node) {
            return node.name;
        }

        @Override
        protected String kindOf(Stream<?> node) {
            return node.kind();
        }

        @Override
        protected void announceBelow(Stream<?> node, Stream<?> below) {
            if (node instanceof Source<?> source && source.isStarted()) {
                source.connectedAfterStart(below);
            }
        }
    }
}
