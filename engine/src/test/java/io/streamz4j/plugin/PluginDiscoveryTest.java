package io.streamz4j.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Sink;
import io.streamz4j.Source;
import io.streamz4j.Stream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The global registry, fed by ServiceLoader from
 * {@code src/test/resources/META-INF/services/io.streamz4j.plugin.PluginProvider}, reached the
 * way users reach it: {@code stream.plugin(name, args...)} and {@code Stream.pluginSource}.
 * The laziness test runs first; no other test class may touch {@link RepeatNode}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginDiscoveryTest {
    private static final String PROVIDER = TestPluginProvider.class.getName();

    // mirrors streamz tests/test_plugins.py::test_register_plugin_entry_point
    // (streamz: Stream.repeat is a "stub" until first called, then the real class)
    @Test
    @Order(1)
    void nodeClassIsLoadedOnFirstUseNotWhenProvidersAreEnumerated() {
        PluginRegistry registry = Plugins.registry();
        assertTrue(registry.names(PluginGroup.NODES).contains("repeat"), "providers enumerated");
        assertEquals(0, LoadProbe.REPEAT_NODE.get(), "RepeatNode initialized by discovery");
        assertFalse(registry.isLoaded("repeat"));

        Stream<Integer> source = new Stream<>();
        Stream<Integer> repeated = source.plugin("repeat", 3);

        assertEquals(1, LoadProbe.REPEAT_NODE.get(), "RepeatNode initialized once, on first use");
        assertTrue(registry.isLoaded("repeat"));
        assertInstanceOf(RepeatNode.class, repeated);
        source.plugin("repeat", 1);
        assertEquals(1, LoadProbe.REPEAT_NODE.get(), "class is cached");
    }

    @Test
    void repeatEmitsEachElementNTimes() {
        Stream<Integer> source = new Stream<>();
        List<Integer> out = source.<Integer>plugin("repeat", 3).sinkToList();
        source.emit(1);
        source.emit(2);
        assertEquals(List.of(1, 1, 1, 2, 2, 2), out);
        assertEquals("<repeat>", source.downstreams().get(0).toString());
    }

    @Test
    void sourcePluginIsBuiltWithoutUpstream() {
        Stream<Integer> numbers = Stream.pluginSource("from_numbers", 1, 4);
        assertInstanceOf(FromNumbers.class, numbers);
        List<Integer> out = numbers.sinkToList();
        numbers.start();
        assertEquals(List.of(1, 2, 3), out);

        Stream<Integer> fromZero = Stream.pluginSource("from_numbers", 3);
        List<Integer> out2 = fromZero.sinkToList();
        fromZero.start();
        assertEquals(List.of(0, 1, 2), out2);
    }

    @Test
    void sinkPluginReceivesEveryElement() {
        Stream<String> source = new Stream<>();
        List<Object> buffer = new ArrayList<>();
        Stream<String> sink = source.plugin("sink_to_buffer", buffer);
        assertInstanceOf(Sink.class, sink);
        source.emit("a");
        source.emit("b");
        assertEquals(List.of("a", "b"), buffer);
    }

    // Decision: like streamz, which checks issubclass(node, Stream) for every group, a source
    // entry may name any concrete Stream, not only a Source.
    @Test
    void sourceEntryMayBeAPlainStream() {
        Stream<String> plain = Stream.pluginSource("plain_source");
        assertEquals(Stream.class, plain.getClass());
        assertFalse(plain instanceof Source);
        List<String> out = plain.sinkToList();
        plain.emit("x");
        assertEquals(List.of("x"), out);
        assertEquals("named", Stream.pluginSource("plain_source", "named").name());
    }

    // mirrors streamz tests/test_plugins.py::test_register_plugin_entry_point_raises_type
    @Test
    void classThatIsNotAStreamIsRejectedWithoutBeingInitialized() {
        PluginLoadException error = assertThrows(PluginLoadException.class,
                () -> new Stream<>().plugin("not_a_stream"));
        assertContains(error.getMessage(), "'not_a_stream'", "streamz.nodes", PROVIDER,
                "io.streamz4j.plugin.NotAStream must be a subclass of io.streamz4j.Stream");
        assertEquals(0, LoadProbe.NOT_A_STREAM.get(), "static initializer of a rejected class ran");
        assertFalse(Plugins.registry().isLoaded("not_a_stream"));
        // Not cached: the same clear error every time.
        assertEquals(error.getMessage(), assertThrows(PluginLoadException.class,
                () -> new Stream<>().plugin("not_a_stream")).getMessage());
    }

    @Test
    void missingClassIsAClearError() {
        PluginLoadException error = assertThrows(PluginLoadException.class,
                () -> new Stream<>().plugin("missing"));
        assertContains(error.getMessage(), "'missing'", PROVIDER,
                "class io.streamz4j.plugin.NoSuchNode not found");
        assertInstanceOf(ClassNotFoundException.class, error.getCause());
    }

    @Test
    void sinkEntryMustBeASink() {
        PluginLoadException error = assertThrows(PluginLoadException.class,
                () -> new Stream<>().plugin("not_a_sink"));
        assertContains(error.getMessage(), "'not_a_sink'", "streamz.sinks", PROVIDER,
                "io.streamz4j.Stream must be a subclass of io.streamz4j.Sink");
    }

    @Test
    void abstractClassIsRejected() {
        PluginLoadException error = assertThrows(PluginLoadException.class,
                () -> new Stream<>().plugin("abstract_node"));
        assertContains(error.getMessage(), "'abstract_node'", "io.streamz4j.Source is abstract");
    }

    // mirrors streamz tests/test_plugins.py::test_register_plugin_entry_point_raises_duplicate_name
    // (streamz: ValueError, turned into a warning by plugins.try_register)
    @Test
    void builtinNamesAreSkippedWithAWarning() {
        PluginRegistry registry = Plugins.registry();
        assertTrue(registry.entry("map").isEmpty());
        assertTrue(registry.entry("sink_to_list").isEmpty());
        assertWarned(registry, "'map'", PROVIDER, "name collision with existing stream node");
        assertWarned(registry, "'sink_to_list'", PROVIDER, "name collision with existing stream node");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Stream<>().plugin("map", 2));
        assertContains(error.getMessage(), "No plugin named 'map'", "name collision");
    }

    @Test
    void secondProviderCannotTakeANameAlreadyRegistered() {
        PluginRegistry registry = Plugins.registry();
        String other = OtherTestPluginProvider.class.getName();
        assertWarned(registry, "'repeat'", other, "name collision with existing stream node",
                "plugin 'repeat' (streamz.nodes, class io.streamz4j.plugin.RepeatNode, provider "
                        + PROVIDER + ")");
        assertWarned(registry, "'from_numbers' (streamz.sinks", other, "name collision");
        assertEquals("io.streamz4j.plugin.RepeatNode", registry.entry("repeat").orElseThrow().className());
        assertEquals(PluginGroup.SOURCES, registry.entry("from_numbers").orElseThrow().group());
    }

    @Test
    void providerThatCannotBeInstantiatedIsSkippedWithAWarning() {
        assertWarned(Plugins.registry(), "Can't load a plugin provider",
                "io.streamz4j.plugin.NoSuchPluginProvider");
    }

    @Test
    void unknownNameListsTheAvailableNames() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Stream<>().plugin("repaet", 3));
        assertContains(error.getMessage(), "No plugin named 'repaet'", "repeat", "sink_to_buffer",
                "sources: [from_numbers, plain_source]",
                "META-INF/services/io.streamz4j.plugin.PluginProvider");
        assertThrows(IllegalArgumentException.class, () -> Stream.pluginSource("from_nothing"));
    }

    @Test
    void groupsAreReachedOnlyTheirOwnWay() {
        IllegalArgumentException asNode = assertThrows(IllegalArgumentException.class,
                () -> new Stream<>().plugin("from_numbers", 3));
        assertContains(asNode.getMessage(), "'from_numbers' is a source plugin",
                "Stream.pluginSource(\"from_numbers\"");
        IllegalArgumentException asSource = assertThrows(IllegalArgumentException.class,
                () -> Stream.pluginSource("sink_to_buffer", new ArrayList<>()));
        assertContains(asSource.getMessage(), "'sink_to_buffer' is a sink plugin",
                "stream.plugin(\"sink_to_buffer\"");
    }

    @Test
    void noMatchingConstructorListsTheConstructors() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Stream<>().plugin("repeat", "three"));
        assertContains(error.getMessage(), "'repeat'",
                "no public constructor accepts (io.streamz4j.Stream, java.lang.String)",
                "(upstream, args...)", "RepeatNode(io.streamz4j.Stream, int)");

        IllegalArgumentException sourceError = assertThrows(IllegalArgumentException.class,
                () -> Stream.pluginSource("from_numbers", 1L));
        assertContains(sourceError.getMessage(), "(java.lang.Long)", "(args...)",
                "FromNumbers(int)", "FromNumbers(int, int)");
    }

    @Test
    void constructorExceptionsReachTheCallerUnchanged() {
        Stream<Integer> source = new Stream<>();
        IllegalStateException unchecked = new IllegalStateException("boom");
        assertSame(unchecked, assertThrows(IllegalStateException.class,
                () -> source.plugin("exploding", unchecked)));
        IOException checked = new IOException("disk on fire");
        assertSame(checked, assertThrows(IOException.class,
                () -> source.plugin("exploding", checked)));
        assertTrue(source.downstreams().isEmpty());

        IllegalArgumentException fromRepeat = assertThrows(IllegalArgumentException.class,
                () -> source.plugin("repeat", -1));
        assertContains(fromRepeat.getMessage(), "repeat: parameter 'n' must not be negative");
    }

    @Test
    void namesByGroup() {
        PluginRegistry registry = Plugins.registry();
        assertEquals(Set.of("from_numbers", "plain_source"), registry.names(PluginGroup.SOURCES));
        assertEquals(Set.of("sink_to_buffer", "not_a_sink"), registry.names(PluginGroup.SINKS));
        assertTrue(registry.names(PluginGroup.NODES).containsAll(
                Set.of("repeat", "exploding", "not_a_stream", "missing", "abstract_node")));
    }

    static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
    }

    static void assertWarned(PluginRegistry registry, String... parts) {
        for (String warning : registry.warnings()) {
            boolean all = true;
            for (String part : parts) {
                all &= warning.contains(part);
            }
            if (all) {
                return;
            }
        }
        throw new AssertionError("no warning containing " + List.of(parts) + " in " + registry.warnings());
    }
}
