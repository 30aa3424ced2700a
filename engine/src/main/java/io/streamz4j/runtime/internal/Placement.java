package io.streamz4j.runtime.internal;

import io.streamz4j.Stream;
import io.streamz4j.runtime.Clock;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.Threads;
import io.streamz4j.runtime.WaitStrategy;

import java.util.List;
import java.util.Map;

/**
 * Which threads run one node: the pipeline's event loop (inherited from upstream, or made when a
 * time-based node first needs one, and then shared with every node above), where its threads come
 * from, the domain that runs its update (the emitting thread, a loop or a ring's consumer), and,
 * for a join whose upstreams run on different threads, the multi-producer ring in front of it.
 * Each node holds one in a final field and delegates its threading hooks here.
 *
 * <p>Thread safety: written on the thread that builds the node and nodes below it (loop adoption
 * writes the placements above too, at build time); read on the emitting thread. The join gate is
 * set once, at construction, before the node is connected.
 *
 * @param <N> the node type
 */
public final class Placement<N> {
    private final NodeGraph<N> graph;
    private final N owner;
    /** The pipeline's event loop; null until a time-based node needs one. */
    private EventLoop loop;
    /** Where the pipeline's threads come from; null for the process default. */
    private Threads threads;
    /** What runs the owner's update: null for the emitting thread, else a loop or ring boundary. */
    private Object domain;
    /** The ring in front of a join whose upstreams run on different threads; null otherwise. */
    private RingBoundary gate;

    /** The placement of a source, on {@code loop} if not null, taking its threads from {@code threads} if not null. */
    public Placement(NodeGraph<N> graph, N owner, EventLoop loop, Threads threads) {
        this.graph = graph;
        this.owner = owner;
        this.loop = loop;
        this.threads = threads;
    }

    /** Takes {@code upstream}'s loop and threads where the owner has none of its own yet. */
    public void inherit(N upstream) {
        Placement<N> above = graph.placementOf(upstream);
        if (loop == null) {
            loop = above.loop;
        }
        if (threads == null) {
            threads = above.threads;
        }
    }

    /** Runs the owner where {@code firstUpstream} hands its elements on. */
    public void runBelow(N firstUpstream) {
        domain = graph.downstreamDomainOf(firstUpstream);
    }

    /** What runs the owner's update: null for the emitting thread, else a loop or ring boundary. */
    public Object domain() {
        return domain;
    }

    /** The event loop whose thread runs the owner's update, or null. */
    public EventLoop runningLoop() {
        return domain instanceof EventLoop running ? running : null;
    }

    /**
     * The pipeline's event loop: the owner's, the nearest one above, or else a new one named after
     * the pipeline, which then becomes every node above's loop too, so every time-based node of a
     * pipeline shares one loop thread.
     */
    public EventLoop pipelineLoop() {
        if (loop == null) {
            EventLoop above = graph.nearestAbove(owner, placement -> placement.loop);
            adoptLoop(above != null ? above : EventLoop.create(graph.pipelineName(owner), Clock.system(),
                    WaitStrategy.BLOCKING, pipelineThreads()));
        }
        return loop;
    }

    private void adoptLoop(EventLoop newLoop) {
        if (loop != null) {
            return;
        }
        loop = newLoop;
        for (N upstream : graph.upstreamsOf(owner)) {
            graph.placementOf(upstream).adoptLoop(newLoop);
        }
    }

    /** The clock time-based nodes read: the pipeline loop's, or the system clock when there is none. */
    public Clock pipelineClock() {
        EventLoop known = loop != null ? loop : graph.nearestAbove(owner, placement -> placement.loop);
        return known != null ? known.clock() : Clock.system();
    }

    /** Where the owner's pipeline takes its threads: its source's {@link Threads}, or the process default. */
    public Threads pipelineThreads() {
        return Threads.orDefault(threads);
    }

    /**
     * Makes the owner, and nodes built below it from now on, take their threads from
     * {@code newThreads}; fails if nodes are already connected below, or if the owner already has
     * a loop with other threads.
     */
    public void useThreads(Threads newThreads) {
        if (graph.downstreamsOf(owner).length > 0) {
            throw new IllegalStateException(owner + ": set its threads before building nodes below it");
        }
        if (loop != null && loop.threads() != newThreads) {
            throw new IllegalStateException(owner + " already runs on " + loop + " with " + loop.threads()
                    + ": pass it a loop made with EventLoop.create(name, clock, waitStrategy, threads)");
        }
        this.threads = newThreads;
    }

    /**
     * If the owner's upstreams run on different threads, puts a multi-producer ring in front of it
     * whose consumer thread hands each element to {@code update}, so the join's state keeps a
     * single writer. Returns whether it did.
     */
    public boolean gateIfThreadsDiffer(Receiver update) {
        List<N> upstreams = graph.upstreamsOf(owner);
        Object first = upstreams.isEmpty() ? null : graph.downstreamDomainOf(upstreams.get(0));
        for (N upstream : upstreams) {
            if (graph.downstreamDomainOf(upstream) != first) {
                gate = RingBoundary.joinGate(graph.pipelineName(owner) + "-" + graph.kindOf(owner), 1024,
                        WaitStrategy.BLOCKING, update, pipelineThreads());
                domain = gate;
                return true;
            }
        }
        return false;
    }

    /** Hands an element to the join's ring when called off its consumer thread; true if it did. */
    public boolean handedToGate(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (gate == null || gate.inConsumerThread()) {
            return false;
        }
        gate.publish(x, who, metadata);
        return true;
    }

    /** Waits for the join's ring, if any, to deliver what it accepted. */
    public void drainGate() {
        if (gate != null) {
            RingDrain.awaitEmpty(gate);
        }
    }

    /** Closes the join's ring, if any, once it has delivered what it accepted. */
    public void closeGate() {
        if (gate != null) {
            gate.close();
        }
    }
}
