package io.streamz4j.bench;

/**
 * The boxed integers every benchmark feeds in, and the user functions every side applies to them.
 * The boxes are made once, before any measurement, and the functions return boxes from the same
 * table instead of calling {@link Integer#valueOf}, so the benchmarks themselves allocate nothing:
 * whatever JMH's gc profiler shows per element is the pipeline's own.
 *
 * <p>Thread safety: immutable after class initialisation; the functions are pure.
 */
public final class Ints {
    /** Elements emitted per benchmark invocation on the synchronous path. */
    public static final int BATCH = 1024;
    /** How many boxes there are; a power of two, so results wrap with a mask. */
    public static final int SIZE = 4096;
    public static final int MASK = SIZE - 1;

    private static final Integer[] BOXES = new Integer[SIZE];
    /** The first {@link #BATCH} boxes, 0 to 1023: one invocation's input. */
    private static final Integer[] INPUTS = new Integer[BATCH];

    static {
        for (int i = 0; i < SIZE; i++) {
            BOXES[i] = Integer.valueOf(i);
        }
        System.arraycopy(BOXES, 0, INPUTS, 0, BATCH);
    }

    private Ints() {
    }

    /** The preallocated box of {@code i & MASK}. */
    public static Integer box(int i) {
        return BOXES[i & MASK];
    }

    /** One invocation's inputs, 0 to {@link #BATCH} - 1; callers must not write to it. */
    public static Integer[] inputs() {
        return INPUTS;
    }

    /** x + 1 (modulo {@link #SIZE}). */
    public static Integer inc(Integer x) {
        return BOXES[(x + 1) & MASK];
    }

    /** 2x (modulo {@link #SIZE}). */
    public static Integer dbl(Integer x) {
        return BOXES[(x << 1) & MASK];
    }

    /** a + b (modulo {@link #SIZE}): the accumulators' step. */
    public static Integer add(Integer a, Integer b) {
        return BOXES[(a + b) & MASK];
    }

    /** Whether x is even: the filters' predicate, which passes every other element. */
    public static boolean isEven(Integer x) {
        return (x & 1) == 0;
    }
}
