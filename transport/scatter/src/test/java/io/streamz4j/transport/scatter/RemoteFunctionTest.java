package io.streamz4j.transport.scatter;

import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteFunctionTest {
    static final RemoteFunction.Mapper<Long, Long> INC = RemoteFunction.map("test.inc", x -> x + 1);
    static final RemoteFunction.Filter<Long> EVEN = RemoteFunction.filter("test.even", x -> x % 2 == 0);
    static final RemoteFunction.Starmapper<Long> ADD = RemoteFunction.starmap("test.add",
            args -> (Long) args[0] + (Long) args[1]);
    static final RemoteFunction.Accumulator<Long, Long> SUM = RemoteFunction.accumulate("test.sum", Long::sum, 0L);
    static final RemoteFunction.Reducer<Long> MAX = RemoteFunction.accumulate("test.max", Math::max);

    /** Library used by the by-name test. */
    public static final class Library implements FunctionLibrary {
        @Override
        public void register(FunctionTable table) {
            table.register(INC).register(EVEN).register(ADD).register(SUM).register(MAX);
        }
    }

    /** Set by {@link NotALibrary}'s initialiser (read here, so that reading it does not initialise that class). */
    static volatile boolean notALibraryInitialised;

    /** Not a library: naming it must not even initialise it. */
    public static final class NotALibrary {
        static {
            notALibraryInitialised = true;
        }
    }

    @Test
    void theSameObjectsRunInALocalPipeline() {
        Stream<Long> source = new Stream<>();
        List<Object> out = new ArrayList<>();
        source.map(INC).filter(EVEN).accumulate(SUM, 0L).sink(out::add);
        Stream<Long> second = new Stream<>();
        second.accumulate(MAX).sink(out::add);
        for (long i = 0; i < 5; i++) {
            source.emit(i);
        }
        second.emit(3L);
        second.emit(1L);
        assertEquals(List.of(2L, 6L, 3L, 3L), out);
        assertEquals(7L, ADD.apply(new Object[] {3L, 4L}));
    }

    @Test
    void kindsNamesAndStarts() {
        assertEquals(RemoteFunction.Kind.MAP, INC.kind());
        assertEquals(RemoteFunction.Kind.FILTER, EVEN.kind());
        assertEquals(RemoteFunction.Kind.STARMAP, ADD.kind());
        assertEquals(RemoteFunction.Kind.ACCUMULATE, SUM.kind());
        assertTrue(SUM.hasStart());
        assertEquals(0L, SUM.start());
        assertFalse(MAX.hasStart());
        assertNull(MAX.start());
        for (RemoteFunction.Kind kind : RemoteFunction.Kind.values()) {
            assertSame(kind, RemoteFunction.Kind.ofCode(kind.code()));
        }
        assertNull(RemoteFunction.Kind.ofCode((byte) 0));
        assertNull(RemoteFunction.Kind.ofCode((byte) 6));
    }

    @Test
    void badNamesFunctionsAndStartsAreRefusedAtConstruction() {
        for (String bad : new String[] {null, "", "has space", "new\nline", "é", "x".repeat(201)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RemoteFunction.map(bad, x -> x));
            assertTrue(e.getMessage().startsWith("RemoteFunction.map: name"), e.getMessage());
        }
        RemoteFunction.map("a.b-c_d:e/f$1", x -> x);
        assertThrows(NullPointerException.class, () -> RemoteFunction.filter("f", null));
        IllegalArgumentException start = assertThrows(IllegalArgumentException.class,
                () -> RemoteFunction.accumulate("acc", (s, x) -> s, new Object()));
        assertTrue(start.getMessage().contains("start must be a wire type"), start.getMessage());
    }

    @Test
    void aTableRefusesANameTakenByAnotherFunctionAndChecksKinds() {
        FunctionTable table = new FunctionTable().add(new Library()).add(new Library());
        assertEquals(5, table.size());
        table.register(INC);
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
                () -> table.register(RemoteFunction.map("test.inc", x -> x)));
        assertTrue(clash.getMessage().contains("already"), clash.getMessage());
        assertSame(INC, table.require("test.inc", RemoteFunction.Kind.MAP));
        assertThrows(IllegalArgumentException.class, () -> table.require("test.inc", RemoteFunction.Kind.FILTER));
        assertThrows(IllegalArgumentException.class, () -> table.require("missing", RemoteFunction.Kind.MAP));
        assertNull(table.find("missing"));
        assertEquals(List.of("test.add", "test.even", "test.inc", "test.max", "test.sum"), List.copyOf(table.names()));
    }

    @Test
    void librariesByNameAreCheckedBeforeTheyRun() {
        ClassLoader loader = getClass().getClassLoader();
        FunctionTable table = FunctionTable.load(loader, List.of(Library.class.getName()));
        assertSame(SUM, table.find("test.sum"));
        assertThrows(IllegalArgumentException.class, () -> FunctionLibrary.byName("no.such.Library", loader));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FunctionLibrary.byName(NotALibrary.class.getName(), loader));
        assertTrue(e.getMessage().contains("does not implement"), e.getMessage());
        assertFalse(notALibraryInitialised, "a class that is no library is never initialised");
    }
}
