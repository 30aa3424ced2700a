package io.streamz4j.graph;

import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The pipeline graph: {@link Dot} (streamz's {@code create_graph} and {@code to_graphviz}) and
 * {@link Graphviz} (streamz's {@code visualize}). Expected labels, shapes and edge numbers are
 * what streamz 0.6.4 writes for the same pipelines ({@code n.visualize(filename='g.dot')}), e.g.
 * {@code " partition; 3 "}, {@code " source1 Stream "}, {@code " zip "} with orientation 270.
 *
 * <p>The rendering tests need Graphviz's {@code dot}. When it is missing they install Debian's
 * graphviz package, and fail, rather than skip, if they cannot.
 */
class GraphTest {
    private static final Pattern NODE = Pattern.compile(
            "^  (n\\d+) \\[label=\"(.*)\", shape=(\\w+)(?:, orientation=(\\d+))?\\];$");
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Pattern EDGE = Pattern.compile("^  (n\\d+) -> (n\\d+)(?: \\[label=\"(\\d+)\"\\])?;$");

    /** A rendered graph, read back: nodes by label, and edges as label pairs in their DOT order. */
    private record Graph(Map<String, String> shapeByLabel, Map<String, String> orientationByLabel,
                         List<String> edges, Map<String, String> edgeLabels) {

        static Graph parse(String dot) {
            Map<String, String> labelById = new HashMap<>();
            Map<String, String> shapes = new LinkedHashMap<>();
            Map<String, String> orientations = new HashMap<>();
            List<String> edges = new ArrayList<>();
            Map<String, String> edgeLabels = new HashMap<>();
            for (String line : dot.split("\n")) {
                Matcher node = NODE.matcher(line);
                Matcher edge = EDGE.matcher(line);
                if (node.matches()) {
                    assertFalse(shapes.containsKey(node.group(2)), "labels in these tests are unique: " + dot);
                    labelById.put(node.group(1), node.group(2));
                    shapes.put(node.group(2), node.group(3));
                    if (node.group(4) != null) {
                        orientations.put(node.group(2), node.group(4));
                    }
                } else if (edge.matches()) {
                    String pair = labelById.get(edge.group(1)) + " -> " + labelById.get(edge.group(2));
                    assertFalse(edges.contains(pair), "each edge once: " + dot);
                    edges.add(pair);
                    if (edge.group(3) != null) {
                        edgeLabels.put(pair, edge.group(3));
                    }
                }
            }
            return new Graph(shapes, orientations, edges, edgeLabels);
        }

        boolean hasCycle() {
            Map<String, List<String>> next = new HashMap<>();
            for (String edge : edges) {
                String[] ends = edge.split(" -> ");
                next.computeIfAbsent(ends[0], k -> new ArrayList<>()).add(ends[1]);
            }
            for (String start : shapeByLabel.keySet()) {
                if (reaches(next, start, start, new HashSet<>())) {
                    return true;
                }
            }
            return false;
        }

        private static boolean reaches(Map<String, List<String>> next, String from, String target, Set<String> seen) {
            for (String to : next.getOrDefault(from, List.of())) {
                if (to.equals(target) || (seen.add(to) && reaches(next, to, target, seen))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static int add(List<Object> pair) {
        return (Integer) pair.get(0) + (Integer) pair.get(1);
    }

    // mirrors streamz tests/test_graph.py::test_create_graph
    @Test
    void createGraphHoldsEveryNodeAndEdge() {
        Stream<Integer> source1 = new Stream<>("source1");
        Stream<Integer> source2 = new Stream<>("source2");
        Stream<List<Object>> n1 = source1.zip(source2);
        Stream<Integer> n2 = n1.map(GraphTest::add);
        n2.sink(source1::emit);

        Graph graph = Graph.parse(n2.toDot());

        assertEquals(Map.of(" source1 Stream ", "ellipse", " source2 Stream ", "ellipse", " zip ", "triangle",
                " map ", "ellipse", " sink ", "trapezium"), graph.shapeByLabel());
        assertEquals(Set.of(" source1 Stream  ->  zip ", " source2 Stream  ->  zip ", " zip  ->  map ",
                " map  ->  sink "), Set.copyOf(graph.edges()));
        assertFalse(graph.hasCycle(), "a sink that emits into a source is not an edge of the graph");
    }

    // mirrors streamz tests/test_graph.py::test_create_cyclic_graph
    @Test
    void createCyclicGraphHoldsTheFeedbackEdge() {
        Stream<Integer> source1 = new Stream<>("source1");
        Stream<Integer> source2 = new Stream<>("source2");
        Stream<List<Object>> n1 = source1.zip(source2);
        Stream<Integer> n2 = n1.map(GraphTest::add);
        n2.connect(source1);

        Graph graph = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Graph.parse(n2.toDot()));

        assertEquals(Set.of(" source1 Stream ", " source2 Stream ", " zip ", " map "), graph.shapeByLabel().keySet());
        assertTrue(graph.hasCycle(), n2.toDot());
        assertEquals(Set.of(" source1 Stream  ->  zip ", " source2 Stream  ->  zip ", " zip  ->  map ",
                " map  ->  source1 Stream "), Set.copyOf(graph.edges()));
    }

    // mirrors streamz tests/test_graph.py::test_cleantext
    @Test
    void cleanTextIsStreamzCleanText() {
        assertEquals("JFDSM ;FFDS; ", Dot.clean("JFDSM*(@&$:FFDS:;;"));
        // streamz: _clean_text(str(...)) for these labels, untrimmed
        assertEquals(" partition; 3 ", Dot.clean("<partition: 3>"));
        assertEquals(" source1 Stream ", Dot.clean("<source1; Stream>"));
        assertEquals(" w partition; 3 ", Dot.clean("<w; partition: 3>"));
        assertEquals(" caf ", Dot.clean("<café>"), "non-ASCII letters are not [a-zA-Z]");
    }

    // mirrors streamz tests/test_graph.py::test_create_file (the png, svg and dot files)
    @Test
    void createFileWritesPngSvgAndDot(@TempDir Path dir) throws IOException, InterruptedException {
        requireDot();
        Stream<Integer> source1 = new Stream<>("source1");
        Stream<Integer> source2 = new Stream<>("source2");
        Stream<List<Object>> n1 = source1.zip(source2);
        Stream<Integer> n2 = n1.map(GraphTest::add).scan((Integer a, Integer b) -> a * b, 1).map(x -> x + 1);
        n2.sink(source1::emit);

        Path png = n1.visualize(dir.resolve("graph.png"));
        assertEquals(dir.resolve("graph.png"), png);
        assertArrayEquals(PNG_MAGIC, firstEightBytes(png), "PNG magic bytes");

        Path svg = Graphviz.render(n1, dir.resolve("graph.svg"), Map.of("rankdir", "LR"));
        String svgText = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(svgText.contains("<svg"), svgText);
        assertTrue(svgText.contains("source1 Stream"), svgText);

        Path dotFile = Graphviz.render(n1, dir.resolve("graph.dot"), Map.of("rankdir", "LR"));
        String text = Files.readString(dotFile, StandardCharsets.UTF_8);
        // streamz also checks 'add', the mapped function's name; Java lambdas have none to show.
        for (String word : List.of("rankdir", "source1", "source2", "zip", "map", "shape=box", "shape=ellipse")) {
            assertTrue(text.contains(word), word + " in " + text);
        }
    }

    @Test
    void labelsAndShapesFollowStreamz() {
        // streamz 0.6.4 writes these labels and shapes for the same operators (node._graphviz_shape)
        Stream<Integer> source = new Stream<>();
        Stream<Integer> other = new Stream<>("other");
        source.partition(3).slidingWindow(2).sink(x -> { });
        source.accumulate(Integer::sum, 0).latest().unique().union(other).map(x -> List.of(x)).flatten();
        source.combineLatest(other);
        Stream<Integer> items = Stream.fromIterable(List.of(1, 2));
        items.connect(source);

        Graph graph = Graph.parse(source.toDot());

        Map<String, String> expected = new HashMap<>();
        expected.put(" Stream ", "ellipse");
        expected.put(" other Stream ", "ellipse");
        expected.put(" partition; 3 ", "diamond");
        expected.put(" sliding_window; 2 ", "diamond");
        expected.put(" sink ", "trapezium");
        expected.put(" accumulate ", "box");
        expected.put(" latest ", "octagon");
        expected.put(" unique ", "ellipse");
        expected.put(" union ", "ellipse");
        expected.put(" map ", "ellipse");
        expected.put(" flatten ", "ellipse");
        expected.put(" combine_latest ", "triangle");
        expected.put(" from_iterable ", "doubleoctagon");
        assertEquals(expected, graph.shapeByLabel());
        // streamz's triangles (zip, combine_latest) have _graphviz_orientation 270, every other node 0
        assertEquals(Map.of(" combine_latest ", "270"), graph.orientationByLabel());
        assertTrue(source.toDot().contains("node [style=\"rounded,filled\", fillcolor=white];"), source.toDot());
    }

    @Test
    void edgesFollowConnectionOrderNumberedWhenSeveral() {
        // streamz labels the edges of a node with several downstreams 0, 1, 2 in connection order
        // (its picture of a source feeding map, partition and combine_latest: map=0, partition=1,
        // combine_latest=2); a single downstream's edge has no label.
        Stream<Integer> source = new Stream<>("src");
        source.map(x -> x + 1).sink(x -> { });
        source.partition(3).slidingWindow(2);
        source.combineLatest(new Stream<>("b"));

        String dot = source.toDot();
        Graph graph = Graph.parse(dot);

        assertEquals(Map.of(" src Stream  ->  map ", "0", " src Stream  ->  partition; 3 ", "1",
                " src Stream  ->  combine_latest ", "2"), graph.edgeLabels(), dot);
        List<String> fromSource = graph.edges().stream().filter(e -> e.startsWith(" src Stream ")).toList();
        assertEquals(List.of(" src Stream  ->  map ", " src Stream  ->  partition; 3 ",
                " src Stream  ->  combine_latest "), fromSource, "edges leave in connection order");
        assertTrue(graph.edges().contains(" map  ->  sink "));
        assertTrue(graph.edges().contains(" partition; 3  ->  sliding_window; 2 "));
        assertTrue(graph.edges().contains(" b Stream  ->  combine_latest "));
        assertEquals(6, graph.edges().size(), dot);
    }

    @Test
    void anyNodeDrawsTheWholeGraph() {
        // streamz's build_node_set walks upstreams and downstreams from the node it is given
        Stream<Integer> source = new Stream<>("src");
        Stream<Integer> middle = source.map(x -> x + 1);
        middle.sink(x -> { });
        source.filter(x -> x > 0);

        assertEquals(Graph.parse(source.toDot()).shapeByLabel().keySet(),
                Graph.parse(middle.toDot()).shapeByLabel().keySet());
        assertEquals(Set.of(" src Stream ", " map ", " sink ", " filter "),
                Graph.parse(middle.toDot()).shapeByLabel().keySet());
    }

    @Test
    void cyclicCrawlerGraphTerminates() {
        // the Core Streams page's web crawler (images/cyclic.svg): links flow back into source
        Stream<String> source = new Stream<>();
        Stream<String> pages = source.unique();
        pages.sink(x -> { });
        Stream<List<String>> content = pages.map(url -> List.of(url + "/a")).named("get");
        Stream<String> links = content.map(c -> c).named("get_list_of_links").flatten();
        links.connect(source);

        String dot = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> links.toDot());
        Graph graph = Graph.parse(dot);

        assertEquals(Set.of(" Stream ", " unique ", " sink ", " get map ", " get_list_of_links map ", " flatten "),
                graph.shapeByLabel().keySet(), dot);
        assertTrue(graph.hasCycle(), dot);
        assertTrue(graph.edges().contains(" flatten  ->  Stream "), dot);
        assertEquals(Map.of(" unique  ->  sink ", "0", " unique  ->  get map ", "1"), graph.edgeLabels(), dot);
        assertEquals(6, graph.edges().size(), dot);
    }

    @Test
    void namedNodeShowsItsName() {
        Stream<Integer> source = new Stream<>("numbers");
        source.partition(3).named("triples").map(x -> x).named("first");

        Set<String> labels = Graph.parse(source.toDot()).shapeByLabel().keySet();

        // streamz: str(Stream(stream_name='numbers')) == '<numbers; Stream>', cleaned ' numbers Stream ';
        // '<triples; partition: 3>' cleans to ' triples partition; 3 '
        assertEquals(Set.of(" numbers Stream ", " triples partition; 3 ", " first map "), labels);
    }

    @Test
    void graphAttributesGoFirst() {
        Stream<Integer> source = new Stream<>();
        source.map(x -> x);

        String dot = Dot.render(source, Map.of("rankdir", "LR"));

        assertTrue(dot.startsWith("digraph streamz {\n  \"rankdir\"=\"LR\";\n"), dot);
        assertEquals(Dot.render(source, Map.of()), source.toDot());
    }

    @Test
    void labelsAreQuotedSafely() {
        Stream<Integer> source = new Stream<>("say \"hi\" \\ there");

        String dot = source.toDot();

        assertTrue(dot.contains("[label=\" say hi there Stream \", shape=ellipse]"), dot);
    }

    // ------------------------------------------------------------------ visualize

    @Test
    void visualizeWritesSvgAndPng(@TempDir Path dir) throws IOException, InterruptedException {
        requireDot();
        Stream<Integer> source = new Stream<>();
        source.map(x -> x + 1).sink(x -> { });
        source.map(x -> x - 1).sink(x -> { });

        Path svg = source.visualize(dir.resolve("inc-dec-print.svg"));
        Path png = source.visualize(dir.resolve("INC-DEC-PRINT.PNG"));

        assertTrue(Files.readString(svg, StandardCharsets.UTF_8).contains("<svg"));
        assertArrayEquals(PNG_MAGIC, firstEightBytes(png), "PNG magic bytes");
    }

    @Test
    void missingDotProgramSaysToInstallGraphviz(@TempDir Path dir) {
        Stream<Integer> source = new Stream<>();
        source.map(x -> x);
        Path file = dir.resolve("graph.png");

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Graphviz.render(source, file, "streamz4j-no-such-dot-program"));

        assertTrue(error.getMessage().contains("apt-get install graphviz"), error.getMessage());
        assertTrue(error.getMessage().contains("'dot'"), error.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void badExtensionNamesTheFileParameter(@TempDir Path dir) {
        Stream<Integer> source = new Stream<>();

        for (String name : List.of("graph.txt", "graph", "graph.")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> source.visualize(dir.resolve(name)));
            assertTrue(error.getMessage().contains("'file'"), error.getMessage());
            assertTrue(error.getMessage().contains(name), error.getMessage());
        }
        // checked before dot is looked for
        assertThrows(IllegalArgumentException.class,
                () -> Graphviz.render(source, dir.resolve("graph.txt"), "streamz4j-no-such-dot-program"));
        assertThrows(IllegalArgumentException.class, () -> source.visualize(null));
    }

    @Test
    void dotFailureReportsDotsMessage(@TempDir Path dir) throws IOException, InterruptedException {
        requireDot();
        Stream<Integer> source = new Stream<>();

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> source.visualize(dir.resolve("no-such-dir").resolve("graph.svg")));

        assertTrue(error.getMessage().startsWith("visualize: dot failed with exit code"), error.getMessage());
        assertTrue(error.getMessage().contains("no-such-dir"), error.getMessage());
    }

    /** Fails, never skips, when Graphviz is missing: CI installs it. */
    /**
     * Makes sure Graphviz's {@code dot} can be run: installs Debian's graphviz package when it is
     * missing (as the project's tests install what they need), and fails, never skips, if that
     * does not work.
     */
    private static void requireDot() throws IOException, InterruptedException {
        if (dotRuns()) {
            return;
        }
        Process install = new ProcessBuilder("bash", "-c",
                "(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz) 2>&1")
                .redirectErrorStream(true).start();
        String log = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        install.waitFor(10, TimeUnit.MINUTES);
        if (!dotRuns()) {
            fail("Graphviz's 'dot' is not on the PATH and installing it failed: install graphviz "
                    + "(apt-get install graphviz). apt-get said:\n" + log);
        }
    }

    private static boolean dotRuns() throws InterruptedException {
        try {
            Process process = new ProcessBuilder("dot", "-V").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] firstEightBytes(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 8, file + " is written");
        return Arrays.copyOf(bytes, 8);
    }
}
