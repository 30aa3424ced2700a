package io.streamz4j.plugin;

import static io.streamz4j.plugin.PluginDiscoveryTest.assertContains;
import static io.streamz4j.plugin.PluginDiscoveryTest.assertWarned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Source;
import io.streamz4j.Stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Registries built from providers given directly ({@link PluginRegistry#of}), as streamz's
 * tests register mock entry points: the ported cases of streamz's test_plugins.py and the
 * registry's rules for names, validation and concurrent first use.
 */
class PluginRegistryTest {
    private static final String HERE = PluginRegistryTest.class.getName() + "$";

    /** streamz's {@code class test_stream(Stream)}. */
    public static final class TestStream extends Stream<Object> {
        public TestStream(Stream<?> upstream) {
            super(null, upstream);
        }
    }

    /** streamz's {@code class test_source(Source)}. */
    public static final class TestSource extends Source<Object> {
        public TestSource() {
        }

        @Override
        protected void run() {
        }
    }

    /** streamz's {@code class invalid_node}. */
    public static final class InvalidNode {
    }

    /** Not public: its constructor cannot be called from the registry. */
    static final class HiddenNode extends Stream<Object> {
        public HiddenNode(Stream<?> upstream) {
            super(null, upstream);
        }
    }

    /** Fails to initialize. */
    public static final class BrokenNode extends Stream<Object> {
        static {
            if (Boolean.TRUE) {
                throw new IllegalStateException("cannot start");
            }
        }

        public BrokenNode(Stream<?> upstream) {
            super(null, upstream);
        }
    }

    static final AtomicInteger CONCURRENT_INITS = new AtomicInteger();

    /** Counts its initializations, for the concurrent first-use test. */
    public static final class ConcurrentNode extends Stream<Object> {
        static {
            CONCURRENT_INITS.incrementAndGet();
        }

        public ConcurrentNode(Stream<?> upstream) {
            super(null, upstream);
        }
    }

    // mirrors streamz tests/test_plugins.py::test_register_plugin_entry_point
    @Test
    void test_register_plugin_entry_point() {
        PluginRegistry registry = PluginRegistry.of(
                () -> List.of(PluginEntry.node("test_node", HERE + "TestStream")));

        assertFalse(registry.isLoaded("test_node"));   // streamz: Stream.test_node.__name__ == "stub"

        Stream<Object> node = registry.node(new Stream<>(), "test_node");

        assertInstanceOf(TestStream.class, node);
        assertTrue(registry.isLoaded("test_node"));     // streamz: ... == "test_stream"
        assertSame(TestStream.class, registry.pluginClass("test_node"));
    }

    // mirrors streamz tests/test_plugins.py::test_register_plugin_entry_point_modifier
    // (streamz: a source is a staticmethod, called with no stream bound to it)
    @Test
    void test_register_plugin_entry_point_modifier() {
        PluginRegistry registry = PluginRegistry.of(
                () -> List.of(PluginEntry.source("from_test", HERE + "TestSource")));

        assertInstanceOf(TestSource.class, registry.source("from_test"));
        assertTrue(registry.source("from_test").upstreams().isEmpty());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> registry.node(new Stream<>(), "from_test"));
        assertContains(error.getMessage(), "'from_test' is a source plugin");
    }

    // mirrors streamz tests/test_plugins.py::test_register_plugin_entry_point_raises_type
    @Test
    void test_register_plugin_entry_point_raises_type() {
        PluginRegistry registry = PluginRegistry.of(
                () -> List.of(PluginEntry.node("test", HERE + "InvalidNode")));
        assertTrue(registry.warnings().isEmpty(), "registering checks nothing: the class is not loaded");

        PluginLoadException error = assertThrows(PluginLoadException.class,
                () -> registry.node(new Stream<>(), "test"));
        assertContains(error.getMessage(), "Error loading plugin 'test'",
                HERE + "InvalidNode must be a subclass of io.streamz4j.Stream");
    }

    // mirrors streamz tests/test_plugins.py::test_register_plugin_entry_point_raises_duplicate_name
    @Test
    void test_register_plugin_entry_point_raises_duplicate_name() {
        PluginRegistry registry = PluginRegistry.of(
                () -> List.of(PluginEntry.node("map", "anything.at.All")));

        assertTrue(registry.entry("map").isEmpty());
        assertWarned(registry, "Can't add 'map'", "name collision with existing stream node");
    }

    @Test
    void everyBuiltinSpellingIsReserved() {
        PluginRegistry registry = PluginRegistry.of(() -> List.of(
                PluginEntry.node("combine_latest", "x.A"),
                PluginEntry.node("combineLatest", "x.B"),
                PluginEntry.source("from_iterable", "x.C"),
                PluginEntry.node("zip", "x.D"),
                PluginEntry.node("filter", "x.E"),
                PluginEntry.sink("sink", "x.F"),
                PluginEntry.node("zip_twice", "x.G")));
        assertEquals(6, registry.warnings().size(), registry.warnings().toString());
        assertTrue(registry.entry("zip_twice").isPresent());
        assertEquals("sink_to_list", BuiltinNames.snakeCase("sinkToList"));
        assertEquals("starmap_n", BuiltinNames.snakeCase("starmapN"));
    }

    @Test
    void aMethodProvidedByPluginLeavesItsNameFree() {
        PluginRegistry registry = PluginRegistry.of(() -> List.of(
                PluginEntry.node("scatter", "x.Scatter"),
                PluginEntry.node("gather", "x.Gather")));
        assertTrue(registry.entry("scatter").isPresent(), registry.warnings().toString());
        assertTrue(registry.entry("gather").isEmpty(), "gather is a built-in, not a forwarder");
        assertEquals(1, registry.warnings().size(), registry.warnings().toString());
    }

    @Test
    void scatterWithoutTheTransportSaysWhichArtifactProvidesIt() {
        Stream<Integer> source = new Stream<>();
        IllegalStateException error = assertThrows(IllegalStateException.class, source::scatter);
        assertTrue(error.getMessage().contains("streamz4j-transport-scatter"), error.getMessage());
        assertThrows(IllegalStateException.class, () -> source.scatter(x -> x % 2));
        assertThrows(IllegalArgumentException.class, () -> source.scatter(null));
    }

    @Test
    void firstProviderKeepsACollidingName() {
        PluginProvider first = () -> List.of(PluginEntry.node("twice", HERE + "TestStream"));
        PluginProvider second = () -> List.of(PluginEntry.source("twice", HERE + "TestSource"),
                PluginEntry.node("other", HERE + "TestStream"));
        PluginRegistry registry = PluginRegistry.of(first, second);

        assertEquals(PluginGroup.NODES, registry.entry("twice").orElseThrow().group());
        assertTrue(registry.entry("other").isPresent());
        assertWarned(registry, "Can't add 'twice' (streamz.sources", "name collision",
                "plugin 'twice' (streamz.nodes, class " + HERE + "TestStream");
    }

    @Test
    void brokenProviderIsSkippedAndOthersStillRegister() {
        PluginProvider throwing = () -> {
            throw new IllegalStateException("bad jar");
        };
        PluginProvider nulls = () -> null;
        PluginProvider good = () -> List.of(PluginEntry.node("test_node", HERE + "TestStream"));
        PluginRegistry registry = PluginRegistry.of(throwing, nulls, good);

        assertTrue(registry.entry("test_node").isPresent());
        assertWarned(registry, "Can't read plugins from provider", "bad jar");
        assertWarned(registry, "plugins() returned null");
    }

    @Test
    void entriesAreValidated() {
        assertThrows(NullPointerException.class, () -> new PluginEntry(null, "a", "x.A"));
        assertThrows(IllegalArgumentException.class, () -> PluginEntry.node(" ", "x.A"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> PluginEntry.sink("a", ""));
        assertContains(error.getMessage(), "'a'", "className");
    }

    @Test
    void nonPublicClassIsRejected() {
        PluginRegistry registry = PluginRegistry.of(
                () -> List.of(PluginEntry.node("hidden", HERE + "HiddenNode")));
        PluginLoadException error = assertThrows(PluginLoadException.class,
                () -> registry.node(new Stream<>(), "hidden"));
        assertContains(error.getMessage(), "'hidden'", "HiddenNode must be public");
    }

    @Test
    void staticInitializerFailureNamesThePlugin() {
        PluginRegistry registry = PluginRegistry.of(
                () -> List.of(PluginEntry.node("broken", HERE + "BrokenNode")));
        PluginLoadException first = assertThrows(PluginLoadException.class,
                () -> registry.node(new Stream<>(), "broken"));
        assertContains(first.getMessage(), "'broken'", "static initializer failed", "cannot start");
        assertInstanceOf(IllegalStateException.class, first.getCause());
        // The JVM remembers the failure; the registry still names the plugin.
        PluginLoadException again = assertThrows(PluginLoadException.class,
                () -> registry.node(new Stream<>(), "broken"));
        assertContains(again.getMessage(), "'broken'");
        assertFalse(registry.isLoaded("broken"));
    }

    @Test
    void unknownNamesAndNullArguments() {
        PluginRegistry registry = PluginRegistry.of(
                () -> List.of(PluginEntry.node("test_node", HERE + "TestStream")));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> registry.isLoaded("nope"));
        assertContains(error.getMessage(), "No plugin named 'nope'",
                "Available nodes and sinks: [test_node]; sources: []");
        IllegalArgumentException builtin = assertThrows(IllegalArgumentException.class,
                () -> registry.node(new Stream<>(), "zip"));
        assertContains(builtin.getMessage(), "'zip' is a built-in method of Stream");
        assertThrows(NullPointerException.class, () -> registry.node(null, "test_node"));
        assertInstanceOf(TestStream.class, registry.node(new Stream<>(), "test_node", (Object[]) null));
    }

    @Test
    void concurrentFirstUseLoadsOnceAndEveryCallerGetsANode() throws Exception {
        PluginRegistry registry = PluginRegistry.of(
                () -> List.of(PluginEntry.node("concurrent", HERE + "ConcurrentNode")));
        int threads = 16;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Stream<Object>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return registry.node(new Stream<>(), "concurrent");
                }));
            }
            List<Stream<Object>> nodes = new ArrayList<>();
            for (Future<Stream<Object>> result : results) {
                nodes.add(result.get(10, TimeUnit.SECONDS));
            }
            for (Stream<Object> node : nodes) {
                assertInstanceOf(ConcurrentNode.class, node);
            }
            assertNotSame(nodes.get(0), nodes.get(1));
            assertEquals(1, CONCURRENT_INITS.get());
            assertTrue(registry.isLoaded("concurrent"));
        } finally {
            pool.shutdownNow();
        }
    }
}
