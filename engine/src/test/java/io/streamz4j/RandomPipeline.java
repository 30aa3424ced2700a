package io.streamz4j;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One randomly generated pipeline for {@link DifferentialOracleTest}: a list of nodes in creation
 * order (sources first), the sinks hung on them, and the input (an interleaving of emits into the
 * sources). It renders itself twice from the same description, as Java built through the public
 * {@link Stream} API ({@link #run()} builds and runs it, {@link #javaSource()} shows the same calls as
 * text) and as a Python function against streamz ({@link #pythonFunction(String)}), so both sides
 * make the same nodes in the same order, connect them in the same order and see the same emits.
 *
 * <p>Every function the pipelines use comes from {@link Fn}, a small vocabulary written once per
 * language with identical meaning on integers (Python's {@code //} and {@code %} are floor
 * division and floor modulo, hence {@link Math#floorDiv} and {@link Math#floorMod}). Java integers
 * are {@code Long} throughout, so no value depends on which integer class a function returned.
 */
final class RandomPipeline {

    /** What a node's elements are, so each operator only gets elements it accepts. */
    enum Type {
        /** Integers. */
        INT,
        /** Tuples of integers (never empty). */
        TUPLE,
        /** Anything: integers, tuples, nested tuples, None. */
        ANY,
        /** Tuples of anything (never empty). */
        ANYTUPLE
    }

    /** The operators the generator draws from; each renders as one call in either language. */
    enum Op {
        SOURCE, MAP, FILTER, ACCUMULATE_START, ACCUMULATE, SLIDING_WINDOW, PARTITION, FLATTEN, UNIQUE,
        SLICE, UNION, ZIP, COMBINE_LATEST
    }

    /** A function of the vocabulary: its Python lambda, its Java text and its Java implementation. */
    record Fn(String python, String java, Object impl) {
        static Fn unary(String pythonBody, String javaBody, Function<Object, Object> f) {
            return new Fn("lambda x: " + pythonBody, "x -> " + javaBody, f);
        }

        static Fn predicate(String pythonBody, String javaBody, Predicate<Object> p) {
            return new Fn("lambda x: " + pythonBody, "x -> " + javaBody, p);
        }

        static Fn binary(String pythonBody, String javaBody, BiFunction<Object, Object, Object> f) {
            return new Fn("lambda acc, x: " + pythonBody, "(acc, x) -> " + javaBody, f);
        }

        @SuppressWarnings("unchecked")
        Function<Object, Object> function() {
            return (Function<Object, Object>) impl;
        }

        @SuppressWarnings("unchecked")
        Predicate<Object> predicate() {
            return (Predicate<Object>) impl;
        }

        @SuppressWarnings("unchecked")
        BiFunction<Object, Object, Object> biFunction() {
            return (BiFunction<Object, Object, Object>) impl;
        }
    }

    private static long l(Object x) {
        return (Long) x;
    }

    private static List<?> t(Object x) {
        return (List<?>) x;
    }

    private static long sum(Object x) {
        long s = 0;
        for (Object o : t(x)) {
            s += l(o);
        }
        return s;
    }

    private static long max(Object x) {
        long m = Long.MIN_VALUE;
        for (Object o : t(x)) {
            m = Math.max(m, l(o));
        }
        return m;
    }

    private static long min(Object x) {
        long m = Long.MAX_VALUE;
        for (Object o : t(x)) {
            m = Math.min(m, l(o));
        }
        return m;
    }

    /** The vocabulary: functions that mean the same in Java and Python on the types they are used with. */
    static final class Vocabulary {
        private Vocabulary() {
        }

        static final List<Fn> INT_TO_INT = List.of(
                Fn.unary("x + 1", "x + 1", x -> l(x) + 1),
                Fn.unary("x * 2", "x * 2", x -> l(x) * 2),
                Fn.unary("-x", "-x", x -> -l(x)),
                Fn.unary("x - 3", "x - 3", x -> l(x) - 3),
                Fn.unary("x // 2", "Math.floorDiv(x, 2)", x -> Math.floorDiv(l(x), 2L)),
                Fn.unary("x % 5", "Math.floorMod(x, 5)", x -> Math.floorMod(l(x), 5L)),
                Fn.unary("abs(x)", "Math.abs(x)", x -> Math.abs(l(x))));

        static final List<Fn> INT_TO_TUPLE = List.of(
                Fn.unary("(x, x + 1)", "List.of(x, x + 1)", x -> List.of(l(x), l(x) + 1)),
                Fn.unary("(x,)", "List.of(x)", x -> List.of(l(x))));

        static final List<Fn> TUPLE_TO_INT = List.of(
                Fn.unary("sum(x)", "sum(x)", x -> sum(x)),
                Fn.unary("len(x)", "(long) x.size()", x -> (long) t(x).size()),
                Fn.unary("x[0]", "x.get(0)", x -> t(x).get(0)),
                Fn.unary("x[-1]", "x.get(x.size() - 1)", x -> t(x).get(t(x).size() - 1)),
                Fn.unary("max(x)", "max(x)", x -> max(x)),
                Fn.unary("min(x)", "min(x)", x -> min(x)));

        static final List<Fn> ANYTUPLE_TO_INT = List.of(
                Fn.unary("len(x)", "(long) x.size()", x -> (long) t(x).size()));

        static final List<Fn> INT_PREDICATES = List.of(
                Fn.predicate("x % 3 == 0", "Math.floorMod(x, 3) == 0", x -> Math.floorMod(l(x), 3L) == 0),
                Fn.predicate("x > 0", "x > 0", x -> l(x) > 0),
                Fn.predicate("x % 2 == 1", "Math.floorMod(x, 2) == 1", x -> Math.floorMod(l(x), 2L) == 1),
                Fn.predicate("x < 8", "x < 8", x -> l(x) < 8));

        static final List<Fn> TUPLE_PREDICATES = List.of(
                Fn.predicate("len(x) > 1", "x.size() > 1", x -> t(x).size() > 1),
                Fn.predicate("sum(x) % 2 == 0", "Math.floorMod(sum(x), 2) == 0", x -> Math.floorMod(sum(x), 2L) == 0));

        /** (acc, x) on integers; without a start these also see the first element as acc. */
        static final List<Fn> INT_ACCUMULATORS = List.of(
                Fn.binary("acc + x", "acc + x", (a, x) -> l(a) + l(x)),
                Fn.binary("max(acc, x)", "Math.max(acc, x)", (a, x) -> Math.max(l(a), l(x))),
                Fn.binary("min(acc, x)", "Math.min(acc, x)", (a, x) -> Math.min(l(a), l(x))),
                Fn.binary("acc - x", "acc - x", (a, x) -> l(a) - l(x)),
                Fn.binary("acc + 1", "acc + 1", (a, x) -> l(a) + 1));

        /** (int acc, tuple x), used with an integer start only. */
        static final List<Fn> TUPLE_ACCUMULATORS = List.of(
                Fn.binary("acc + sum(x)", "acc + sum(x)", (a, x) -> l(a) + sum(x)),
                Fn.binary("acc + len(x)", "acc + x.size()", (a, x) -> l(a) + t(x).size()));
    }

    /**
     * One node. {@code inputs} index earlier nodes; {@code fn} is the function of map, filter and
     * accumulate; {@code a}, {@code b}, {@code c} are the integer parameters (window size, start,
     * maxsize, slice start/end/step; {@code b} null is Python's None); {@code flag} is
     * return_partial.
     */
    record Node(int id, Op op, Type type, List<Integer> inputs, Fn fn, Integer a, Integer b, Integer c, boolean flag) {
    }

    /** A sink: which node it hangs on, and after which node's creation it is attached. */
    record SinkSpec(int node, int attachedAfter) {
    }

    /** One emit: into which source (index among the sources), and the value. */
    record Emit(int source, long value) {
    }

    final int index;
    final long seed;
    final List<Node> nodes = new ArrayList<>();
    final List<Integer> sources = new ArrayList<>();
    final List<SinkSpec> sinks = new ArrayList<>();
    final List<Emit> input = new ArrayList<>();

    RandomPipeline(int index, long seed) {
        this.index = index;
        this.seed = seed;
    }

    // ------------------------------------------------------------------ Java

    /** What the Java side produced: every sink's list in sink order, or the exception it threw. */
    record JavaResult(List<List<Object>> sinks, RuntimeException error) {
    }

    /** Builds the pipeline through the public Stream API, emits the input, returns every sink's list. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    JavaResult run() {
        List<List<Object>> lists = new ArrayList<>();
        try {
            Stream<Object>[] built = new Stream[nodes.size()];
            List<Stream<Object>> sourceStreams = new ArrayList<>();
            int nextSink = 0;
            List<Object>[] sinkLists = new List[sinks.size()];
            for (Node n : nodes) {
                built[n.id()] = build(n, built);
                if (n.op() == Op.SOURCE) {
                    sourceStreams.add(built[n.id()]);
                }
                for (int s = 0; s < sinks.size(); s++) {
                    if (sinks.get(s).attachedAfter() == n.id()) {
                        sinkLists[s] = built[sinks.get(s).node()].sinkToList();
                    }
                }
            }
            for (List<Object> list : sinkLists) {
                lists.add(list);
            }
            for (Emit e : input) {
                sourceStreams.get(e.source()).emit(e.value());
            }
            return new JavaResult(lists, null);
        } catch (RuntimeException e) {
            return new JavaResult(lists, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Stream<Object> build(Node n, Stream<Object>[] built) {
        Stream<Object> in = n.inputs().isEmpty() ? null : built[n.inputs().get(0)];
        switch (n.op()) {
            case SOURCE:
                return new Stream<>();
            case MAP:
                return in.map(n.fn().function());
            case FILTER:
                return in.filter(n.fn().predicate());
            case ACCUMULATE_START:
                return in.accumulate(n.fn().biFunction(), (Object) Long.valueOf(n.a()));
            case ACCUMULATE: {
                BiFunction<Object, Object, Object> f = n.fn().biFunction();
                BinaryOperator<Object> op = f::apply;
                return in.accumulate(op);
            }
            case SLIDING_WINDOW:
                return (Stream) in.slidingWindow(n.a(), n.flag());
            case PARTITION:
                return (Stream) in.partition(n.a());
            case FLATTEN:
                return in.<Object>flatten();
            case UNIQUE:
                return n.a() == null ? in.unique() : in.unique(n.a());
            case SLICE:
                return in.slice(n.a(), n.b(), n.c());
            case UNION:
                return in.union(others(n, built));
            case ZIP:
                return (Stream) in.zip((Stream<?>[]) others(n, built));
            case COMBINE_LATEST:
                return (Stream) in.combineLatest((Stream<?>[]) others(n, built));
            default:
                throw new IllegalStateException(n.op().toString());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Stream<Object>[] others(Node n, Stream<Object>[] built) {
        Stream<Object>[] others = new Stream[n.inputs().size() - 1];
        for (int i = 1; i < n.inputs().size(); i++) {
            others[i - 1] = built[n.inputs().get(i)];
        }
        return others;
    }

    /** The Java calls {@link #run()} makes, as source text (sum/max/min are the obvious helpers on a List). */
    String javaSource() {
        StringBuilder out = new StringBuilder();
        for (Node n : nodes) {
            out.append("    ").append(javaNode(n)).append('\n');
            for (int s = 0; s < sinks.size(); s++) {
                if (sinks.get(s).attachedAfter() == n.id()) {
                    out.append("    List<Object> out").append(s).append(" = n").append(sinks.get(s).node())
                            .append(".sinkToList();\n");
                }
            }
        }
        out.append("    // input: ").append(inputText(false)).append('\n');
        for (Emit e : input) {
            out.append("    n").append(sources.get(e.source())).append(".emit(").append(e.value()).append("L);\n");
        }
        return out.toString();
    }

    private String javaNode(Node n) {
        String v = "Stream<Object> n" + n.id() + " = ";
        String in = n.inputs().isEmpty() ? "" : "n" + n.inputs().get(0);
        switch (n.op()) {
            case SOURCE:
                return v + "new Stream<>();";
            case MAP:
                return v + in + ".map(" + n.fn().java() + ");";
            case FILTER:
                return v + in + ".filter(" + n.fn().java() + ");";
            case ACCUMULATE_START:
                return v + in + ".accumulate(" + n.fn().java() + ", " + n.a() + "L);";
            case ACCUMULATE:
                return v + in + ".accumulate(" + n.fn().java() + ");";
            case SLIDING_WINDOW:
                return v + in + ".slidingWindow(" + n.a() + ", " + n.flag() + ");";
            case PARTITION:
                return v + in + ".partition(" + n.a() + ");";
            case FLATTEN:
                return v + in + ".flatten();";
            case UNIQUE:
                return v + in + ".unique(" + (n.a() == null ? "" : n.a()) + ");";
            case SLICE:
                return v + in + ".slice(" + n.a() + ", " + n.b() + ", " + n.c() + ");";
            case UNION:
                return v + in + ".union(" + otherNames(n) + ");";
            case ZIP:
                return v + in + ".zip(" + otherNames(n) + ");";
            case COMBINE_LATEST:
                return v + in + ".combineLatest(" + otherNames(n) + ");";
            default:
                throw new IllegalStateException(n.op().toString());
        }
    }

    private static String otherNames(Node n) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i < n.inputs().size(); i++) {
            s.append(i > 1 ? ", " : "").append('n').append(n.inputs().get(i));
        }
        return s.toString();
    }

    // ------------------------------------------------------------------ Python

    /**
     * The pipeline as a Python function returning the list of every sink's list. zip gets
     * {@code maxsize=10**9}: streamz's zip answers a buffer longer than maxsize (10) with a
     * back-pressure future that a pipeline run on an event loop (any pipeline with a partition)
     * would wait on forever; Java's zip buffers without bound, which the large maxsize mirrors.
     */
    String pythonFunction(String name) {
        StringBuilder out = new StringBuilder();
        out.append("def ").append(name).append("():\n");
        for (Node n : nodes) {
            out.append("    ").append(pythonNode(n)).append('\n');
            for (int s = 0; s < sinks.size(); s++) {
                if (sinks.get(s).attachedAfter() == n.id()) {
                    out.append("    out").append(s).append(" = n").append(sinks.get(s).node())
                            .append(".sink_to_list()\n");
                }
            }
        }
        out.append("    srcs = [");
        for (int i = 0; i < sources.size(); i++) {
            out.append(i > 0 ? ", " : "").append('n').append(sources.get(i));
        }
        out.append("]\n");
        out.append("    for src, v in ").append(inputText(true)).append(":\n");
        out.append("        srcs[src].emit(v)\n");
        out.append("    return [");
        for (int s = 0; s < sinks.size(); s++) {
            out.append(s > 0 ? ", " : "").append("out").append(s);
        }
        out.append("]\n");
        return out.toString();
    }

    private String pythonNode(Node n) {
        String v = "n" + n.id() + " = ";
        String in = n.inputs().isEmpty() ? "" : "n" + n.inputs().get(0);
        switch (n.op()) {
            case SOURCE:
                return v + "Stream()";
            case MAP:
                return v + in + ".map(" + n.fn().python() + ")";
            case FILTER:
                return v + in + ".filter(" + n.fn().python() + ")";
            case ACCUMULATE_START:
                return v + in + ".accumulate(" + n.fn().python() + ", start=" + n.a() + ")";
            case ACCUMULATE:
                return v + in + ".accumulate(" + n.fn().python() + ")";
            case SLIDING_WINDOW:
                return v + in + ".sliding_window(" + n.a() + ", return_partial=" + (n.flag() ? "True" : "False") + ")";
            case PARTITION:
                return v + in + ".partition(" + n.a() + ")";
            case FLATTEN:
                return v + in + ".flatten()";
            case UNIQUE:
                return v + in + ".unique(" + (n.a() == null ? "" : "maxsize=" + n.a()) + ")";
            case SLICE:
                return v + in + ".slice(" + n.a() + ", " + (n.b() == null ? "None" : n.b()) + ", " + n.c() + ")";
            case UNION:
                return v + in + ".union(" + otherNames(n) + ")";
            case ZIP:
                return v + in + ".zip(" + otherNames(n) + ", maxsize=10**9)";
            case COMBINE_LATEST:
                return v + in + ".combine_latest(" + otherNames(n) + ")";
            default:
                throw new IllegalStateException(n.op().toString());
        }
    }

    /** The input as a list of (source, value) pairs, in Python syntax or for display. */
    String inputText(boolean python) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < input.size(); i++) {
            Emit e = input.get(i);
            s.append(i > 0 ? ", " : "");
            if (python || sources.size() > 1) {
                s.append('(').append(e.source()).append(", ").append(e.value()).append(')');
            } else {
                s.append(e.value());
            }
        }
        return s.append(']').toString();
    }
}
