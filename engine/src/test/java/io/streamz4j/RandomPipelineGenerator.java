package io.streamz4j;

import io.streamz4j.RandomPipeline.Emit;
import io.streamz4j.RandomPipeline.Fn;
import io.streamz4j.RandomPipeline.Node;
import io.streamz4j.RandomPipeline.Op;
import io.streamz4j.RandomPipeline.SinkSpec;
import io.streamz4j.RandomPipeline.Type;
import io.streamz4j.RandomPipeline.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws {@link RandomPipeline}s for {@link DifferentialOracleTest}. A pipeline has one source
 * (or two, about a third of the time), then 1 to 9 operators, each hung on an earlier node (most
 * often the newest, so chains get deep) or, about a fifth of the time, joining two or three
 * earlier nodes with union, zip or combine_latest: two branches of one source, a branch and its
 * own ancestor, the two sources, and now and then a node joined with itself. Every node carries
 * a {@link Type} so that an operator only gets elements it accepts (flatten gets tuples, sum gets
 * tuples of integers, and so on). Every node that ends up with no downstream gets a sink, and
 * about a fifth of the nodes get a sink as soon as they are made, before their later
 * downstreams, so sinks also sit in the middle of pipelines.
 *
 * <p>Pipeline {@code i} of seed {@code s} is drawn from {@code new Random(mix(s * 1_000_003 + i))}
 * alone, so one pipeline can be regenerated without the others.
 */
final class RandomPipelineGenerator {
    private final Random r;
    private RandomPipeline p;

    private RandomPipelineGenerator(Random r) {
        this.r = r;
    }

    static RandomPipeline generate(long seed, int index) {
        RandomPipelineGenerator g = new RandomPipelineGenerator(new Random(mix(seed * 1_000_003L + index)));
        g.p = new RandomPipeline(index, seed);
        g.fill();
        return g.p;
    }

    /** SplitMix64's finalizer: neighbouring seeds give unrelated generators (java.util.Random's first draws would correlate). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private <E> E pick(List<E> from) {
        return from.get(r.nextInt(from.size()));
    }

    private boolean chance(double p) {
        return r.nextDouble() < p;
    }

    private void fill() {
        int sourceCount = chance(0.33) ? 2 : 1;
        for (int i = 0; i < sourceCount; i++) {
            add(Op.SOURCE, Type.INT, List.of(), null, null, null, null, false);
            p.sources.add(i);
        }
        int ops = 1 + r.nextInt(9);
        for (int i = 0; i < ops; i++) {
            if (p.nodes.size() >= 2 && chance(0.2)) {
                join();
            } else {
                unary(choose());
            }
        }
        // Every leaf gets a sink, at the end.
        int last = p.nodes.size() - 1;
        for (Node n : p.nodes) {
            if (!hasDownstream(n.id())) {
                p.sinks.add(new SinkSpec(n.id(), last));
            }
        }
        int length = r.nextInt(sourceCount == 1 ? 25 : 31);
        for (int i = 0; i < length; i++) {
            p.input.add(new Emit(r.nextInt(sourceCount), r.nextInt(20) - 4));
        }
    }

    private boolean hasDownstream(int id) {
        for (Node n : p.nodes) {
            if (n.inputs().contains(id)) {
                return true;
            }
        }
        for (SinkSpec s : p.sinks) {
            if (s.node() == id) {
                return true;
            }
        }
        return false;
    }

    /** An earlier node: the newest 60% of the time, any otherwise. */
    private Node choose() {
        if (chance(0.6)) {
            return p.nodes.get(p.nodes.size() - 1);
        }
        return p.nodes.get(r.nextInt(p.nodes.size()));
    }

    private void add(Op op, Type type, List<Integer> inputs, Fn fn, Integer a, Integer b, Integer c, boolean flag) {
        int id = p.nodes.size();
        p.nodes.add(new Node(id, op, type, inputs, fn, a, b, c, flag));
        if (op != Op.SOURCE && chance(0.2)) {
            p.sinks.add(new SinkSpec(id, id));
        }
    }

    private void unary(Node in) {
        List<Integer> inputs = List.of(in.id());
        Type t = in.type();
        // Operators that accept every type, plus those that accept this one.
        List<Op> ops = new ArrayList<>(List.of(Op.SLIDING_WINDOW, Op.PARTITION, Op.UNIQUE, Op.SLICE));
        switch (t) {
            case INT -> ops.addAll(List.of(Op.MAP, Op.MAP, Op.FILTER, Op.FILTER, Op.ACCUMULATE_START, Op.ACCUMULATE));
            case TUPLE -> ops.addAll(List.of(Op.MAP, Op.FILTER, Op.ACCUMULATE_START, Op.FLATTEN, Op.FLATTEN));
            case ANYTUPLE -> ops.addAll(List.of(Op.MAP, Op.FLATTEN, Op.FLATTEN));
            case ANY -> { }
        }
        Op op = pick(ops);
        switch (op) {
            case MAP -> {
                if (t == Type.INT) {
                    if (chance(0.15)) {
                        add(op, Type.TUPLE, inputs, pick(Vocabulary.INT_TO_TUPLE), null, null, null, false);
                    } else {
                        add(op, Type.INT, inputs, pick(Vocabulary.INT_TO_INT), null, null, null, false);
                    }
                } else if (t == Type.TUPLE) {
                    add(op, Type.INT, inputs, pick(Vocabulary.TUPLE_TO_INT), null, null, null, false);
                } else {
                    add(op, Type.INT, inputs, pick(Vocabulary.ANYTUPLE_TO_INT), null, null, null, false);
                }
            }
            case FILTER -> add(op, t, inputs,
                    pick(t == Type.INT ? Vocabulary.INT_PREDICATES : Vocabulary.TUPLE_PREDICATES), null, null, null, false);
            case ACCUMULATE_START -> add(op, Type.INT, inputs,
                    pick(t == Type.INT ? Vocabulary.INT_ACCUMULATORS : Vocabulary.TUPLE_ACCUMULATORS),
                    pick(List.of(0, 1, -3, 10)), null, null, false);
            case ACCUMULATE -> add(op, Type.INT, inputs, pick(Vocabulary.INT_ACCUMULATORS), null, null, null, false);
            case SLIDING_WINDOW -> add(op, windowOf(t), inputs, null, 1 + r.nextInt(4), null, null, r.nextBoolean());
            case PARTITION -> add(op, windowOf(t), inputs, null, 1 + r.nextInt(4), null, null, false);
            case FLATTEN -> add(op, t == Type.TUPLE ? Type.INT : Type.ANY, inputs, null, null, null, null, false);
            case UNIQUE -> add(op, t, inputs, null, chance(0.5) ? null : 1 + r.nextInt(4), null, null, false);
            case SLICE -> {
                int start = r.nextInt(5);
                Integer end = chance(0.4) ? null : r.nextInt(16);
                int step = r.nextInt(4);
                add(op, t, inputs, null, start, end, step, false);
            }
            default -> throw new IllegalStateException(op.toString());
        }
    }

    private static Type windowOf(Type t) {
        return t == Type.INT ? Type.TUPLE : Type.ANYTUPLE;
    }

    private void join() {
        boolean allowSelf = chance(0.1);
        // Without repeats there can be no more inputs than nodes.
        int width = Math.min(chance(0.2) ? 3 : 2, allowSelf ? 3 : p.nodes.size());
        List<Integer> inputs = new ArrayList<>();
        while (inputs.size() < width) {
            int id = inputs.isEmpty() ? choose().id() : r.nextInt(p.nodes.size());
            if (allowSelf || !inputs.contains(id)) {
                inputs.add(id);
            }
        }
        boolean allInt = true;
        boolean allSame = true;
        for (int id : inputs) {
            Type t = p.nodes.get(id).type();
            allInt &= t == Type.INT;
            allSame &= t == p.nodes.get(inputs.get(0)).type();
        }
        boolean self = inputs.stream().distinct().count() < inputs.size();
        Op op = pick(List.of(Op.UNION, Op.ZIP, Op.COMBINE_LATEST));
        Type type = switch (op) {
            case UNION -> allSame ? p.nodes.get(inputs.get(0)).type() : Type.ANY;
            case ZIP -> allInt ? Type.TUPLE : Type.ANYTUPLE;
            // combine_latest of a node with itself leaves the repeated position None.
            default -> allInt && !self ? Type.TUPLE : Type.ANYTUPLE;
        };
        add(op, type, List.copyOf(inputs), null, null, null, null, false);
    }
}
