package io.streamz4j.transport.scatter.worker;

import io.streamz4j.Stream;
import io.streamz4j.Tuple;
import io.streamz4j.transport.scatter.FunctionTable;
import io.streamz4j.transport.scatter.RefusedMessageException;
import io.streamz4j.transport.scatter.RemoteFunction;
import io.streamz4j.transport.scatter.RemoteFunction.Kind;
import io.streamz4j.transport.scatter.wire.ProgramMessage.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker's step execution, without Aeron: each program's results equal the same local pipeline's. */
class ProgramTest {
    static final RemoteFunction.Mapper<Long, Long> INC = RemoteFunction.map("p.inc", x -> x + 1);
    static final RemoteFunction.Mapper<Long, List<Long>> UPTO = RemoteFunction.map("p.upto", x -> {
        List<Long> items = new ArrayList<>();
        for (long i = 0; i < x; i++) {
            items.add(i);
        }
        return items;
    });
    static final RemoteFunction.Filter<Long> ODD = RemoteFunction.filter("p.odd", x -> x % 2 == 1);
    static final RemoteFunction.Starmapper<Long> MUL = RemoteFunction.starmap("p.mul",
            args -> (Long) args[0] * (Long) args[1]);
    static final RemoteFunction.Accumulator<Long, Long> SUM = RemoteFunction.accumulate("p.sum", Long::sum, 0L);
    static final RemoteFunction.Reducer<Long> MAX = RemoteFunction.accumulate("p.max", Math::max);
    static final RemoteFunction.Mapper<Long, Long> FAIL_ON_7 = RemoteFunction.map("p.fail7", x -> {
        if (x == 7) {
            throw new ArithmeticException("seven");
        }
        return x;
    });

    private static final FunctionTable TABLE = new FunctionTable().register(INC).register(UPTO).register(ODD)
            .register(MUL).register(SUM).register(MAX).register(FAIL_ON_7);

    private static Step step(Kind kind, String name) {
        return new Step(kind.code(), name);
    }

    private static List<Object> runAll(Program program, Object key, List<?> elements) {
        List<Object> out = new ArrayList<>();
        for (Object element : elements) {
            program.run(key, element, out::add);
        }
        return out;
    }

    @Test
    void mapFilterFlattenAccumulateMatchTheLocalPipeline() {
        Program program = Program.compile(1, List.of(step(Kind.MAP, "p.upto"), step(Kind.FLATTEN, ""),
                step(Kind.FILTER, "p.odd"), step(Kind.MAP, "p.inc"), step(Kind.ACCUMULATE, "p.sum")), TABLE);
        List<Long> input = List.of(3L, 0L, 5L, 2L);
        List<Object> local = new ArrayList<>();
        Stream<Long> source = new Stream<>();
        source.map(UPTO).<Long>flatten().filter(ODD).map(INC).accumulate(SUM, 0L).sink(local::add);
        input.forEach(source::emit);
        assertEquals(local, runAll(program, null, input));
        assertTrue(program.stateful());
    }

    @Test
    void aFilterThatRefusesGivesNoResult() {
        Program program = Program.compile(2, List.of(step(Kind.FILTER, "p.odd")), TABLE);
        assertEquals(List.of(), runAll(program, null, List.of(2L)));
        assertEquals(List.of(3L), runAll(program, null, List.of(3L)));
        assertFalse(program.stateful());
    }

    @Test
    void starmapSpreadsListsAndTuplesAndRefusesOtherElements() {
        Program program = Program.compile(3, List.of(step(Kind.STARMAP, "p.mul")), TABLE);
        assertEquals(List.of(12L, 30L), runAll(program, null, List.of(List.of(3L, 4L), Tuple.of(5L, 6L))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runAll(program, null, List.of(5L)));
        assertTrue(e.getMessage().startsWith("starmap:"), e.getMessage());
    }

    @Test
    void flattenTakesListsIterablesAndArraysAndRefusesOthers() {
        Program program = Program.compile(4, List.of(step(Kind.FLATTEN, "")), TABLE);
        assertEquals(List.of(1L, 2L, "a", 3), runAll(program, null, List.of(List.of(1L, 2L), java.util.Set.of("a"),
                new Object[] {3}, List.of())));
        assertThrows(IllegalArgumentException.class, () -> runAll(program, null, List.of(4L)));
    }

    @Test
    void accumulateKeepsOneStatePerKeyAndAStartlessOneBeginsWithTheFirstElement() {
        Program sum = Program.compile(5, List.of(step(Kind.ACCUMULATE, "p.sum")), TABLE);
        List<Object> out = new ArrayList<>();
        sum.run("a", 1L, out::add);
        sum.run("b", 10L, out::add);
        sum.run("a", 2L, out::add);
        sum.run("b", 20L, out::add);
        assertEquals(List.of(1L, 10L, 3L, 30L), out);

        Program max = Program.compile(6, List.of(step(Kind.ACCUMULATE, "p.max")), TABLE);
        assertEquals(List.of(5L, 5L, 9L), runAll(max, "k", List.of(5L, 1L, 9L)));
        assertEquals(List.of(List.of(9L)), max.snapshot("k"));
        assertEquals(List.of(List.of()), max.snapshot("never seen"));
    }

    @Test
    void aRestoredSnapshotIsWhereTheKeyResumes() {
        Program first = Program.compile(7, List.of(step(Kind.ACCUMULATE, "p.sum"), step(Kind.ACCUMULATE, "p.max")), TABLE);
        runAll(first, "k", List.of(4L, 5L));
        List<Object> snapshot = first.snapshot("k");
        assertEquals(List.of(List.of(9L), List.of(9L)), snapshot, "sums 4, 9; their running max 9");

        Program survivor = Program.compile(7, first.definition(), TABLE);
        survivor.restore("k", snapshot);
        List<Object> resumed = runAll(survivor, "k", List.of(1L));
        assertEquals(runAll(first, "k", List.of(1L)), resumed);
        assertEquals(List.of(10L), resumed);

        assertThrows(RefusedMessageException.class, () -> survivor.restore("k", 5L));
        assertThrows(RefusedMessageException.class, () -> survivor.restore("k", List.of(List.of())));
        assertThrows(RefusedMessageException.class, () -> survivor.restore("k", List.of(List.of(1L, 2L), List.of())));
    }

    @Test
    void aThrowingFunctionLeavesTheKeysStateAsBeforeTheElement() {
        Program program = Program.compile(8, List.of(step(Kind.FLATTEN, ""), step(Kind.ACCUMULATE, "p.sum"),
                step(Kind.MAP, "p.fail7")), TABLE);
        assertEquals(List.of(1L, 3L), runAll(program, "k", List.of(List.of(1L, 2L))));
        // 3 + 4 = 7 throws after the sum moved: the whole element is undone
        assertThrows(ArithmeticException.class, () -> runAll(program, "k", List.of(List.of(4L, 10L))));
        assertEquals(List.of(List.of(3L)), program.snapshot("k"));
        assertEquals(List.of(8L), runAll(program, "k", List.of(List.of(5L))));
    }

    @Test
    void programsNamingUnknownFunctionsOrKindsAreRefused() {
        assertThrows(RefusedMessageException.class, () -> Program.compile(9, List.of(step(Kind.MAP, "nope")), TABLE));
        assertThrows(RefusedMessageException.class, () -> Program.compile(9, List.of(step(Kind.FILTER, "p.inc")), TABLE));
        assertThrows(RefusedMessageException.class, () -> Program.compile(9, List.of(new Step((byte) 9, "p.inc")), TABLE));
    }
}
