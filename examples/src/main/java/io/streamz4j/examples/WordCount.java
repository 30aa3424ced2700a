package io.streamz4j.examples;

import io.streamz4j.Source;
import io.streamz4j.Stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The flagship example: word counts over a text file fed line by line, in one pipeline that
 * branches, joins, windows and accumulates.
 *
 * <pre>
 *   lines ─┬─ accumulate(count) ───────────────┐
 *          └─ map(split) ─┬─ map(size) ─────────┴─ zip ── sink(print line report)
 *                         │       └─ filter(non-empty) ── slidingWindow(3) ── map(mean) ── sink
 *                         └─ flatten ─┬─ accumulate(count by word) ── sink(keep counts)
 *                                     ├─ accumulate(total) ──────────┐
 *                                     └─ unique ── accumulate(count) ┴─ combineLatest ── sink
 * </pre>
 *
 * Run it with the README's first command, or on any text file:
 * {@code mvn -q -DskipTests package exec:exec -Dexample.args=path/to/file.txt}; add {@code --dot}
 * to print the pipeline's graph in Graphviz DOT.
 *
 * <p>Thread safety: single-threaded; the source emits on the caller's thread.
 */
public final class WordCount {
    private final Stream<String> lines = new Stream<>("lines");
    private final PrintStream out;
    private Map<String, Integer> counts = Map.of();
    private List<Object> totalAndDistinct = List.of(0, 0);
    private double latestMovingAverage = Double.NaN;

    public WordCount(PrintStream out) {
        this.out = out;
        Stream<List<String>> wordsOfLine = lines.map(WordCount::words).named("split");
        Stream<Integer> lineNumbers = lines.accumulate((Integer n, String line) -> n + 1, 0).named("line number");
        Stream<Integer> wordsPerLine = wordsOfLine.map(List::size).named("words per line");

        // Joining: each line's number with its word count.
        lineNumbers.zip(wordsPerLine).sink(this::reportLine);

        // Windows: mean words per line over the last three non-empty lines.
        wordsPerLine.filter(n -> n > 0).slidingWindow(3, false)
                .map(WordCount::mean).named("mean of 3")
                .sink(mean -> latestMovingAverage = mean);

        // Accumulating: counts per word, total words, and distinct words.
        Stream<String> words = wordsOfLine.flatten();
        words.accumulate(WordCount::count, new HashMap<String, Integer>()).named("count by word")
                .sink(latest -> counts = latest);
        Stream<Integer> total = words.accumulate((Integer n, String word) -> n + 1, 0).named("total");
        Stream<Integer> distinct = words.unique().accumulate((Integer n, String word) -> n + 1, 0).named("distinct");
        total.combineLatest(distinct).sink(latest -> totalAndDistinct = latest);
    }

    /** Feeds every line of {@code text} through the pipeline, as a source would. */
    public void feed(List<String> text) {
        Source<String> source = Stream.fromIterable(text);
        source.connect(lines);
        source.start();
        source.disconnect(lines);
    }

    /** The {@code limit} most frequent words, most frequent first, ties in alphabetical order. */
    public List<Map.Entry<String, Integer>> top(int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
    }

    /** How often each word occurred so far. */
    public Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    /** {@code (total words, distinct words)} so far. */
    public List<Object> totalAndDistinct() {
        return totalAndDistinct;
    }

    /** The pipeline's graph in Graphviz DOT. */
    public String toDot() {
        return lines.toDot();
    }

    /** Lower-case words of a line: runs of letters, with inner apostrophes and hyphens kept. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        for (String token : line.toLowerCase(Locale.ROOT).split("[^\\p{L}'-]+")) {
            String word = token.replaceAll("^['-]+|['-]+$", "");
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static HashMap<String, Integer> count(HashMap<String, Integer> counts, String word) {
        counts.merge(word, 1, Integer::sum);
        return counts;
    }

    private static double mean(List<Integer> window) {
        return window.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
    }

    private void reportLine(List<Object> lineAndWords) {
        out.printf(Locale.ROOT, "line %2d: %2d words   mean of last 3 non-empty lines: %s%n",
                lineAndWords.get(0), lineAndWords.get(1),
                Double.isNaN(latestMovingAverage) ? "-" : String.format(Locale.ROOT, "%.1f", latestMovingAverage));
    }

    public static void main(String[] args) throws IOException {
        List<String> argList = Arrays.asList(args);
        boolean dot = argList.contains("--dot");
        List<String> files = argList.stream().filter(a -> !a.startsWith("--")).toList();
        List<String> text = files.isEmpty() ? bundledText() : Files.readAllLines(Path.of(files.get(0)));

        WordCount wordCount = new WordCount(System.out);
        wordCount.feed(text);
        System.out.printf("%nwords: %s, distinct: %s%n", wordCount.totalAndDistinct().get(0),
                wordCount.totalAndDistinct().get(1));
        System.out.println("most frequent:");
        for (Map.Entry<String, Integer> entry : wordCount.top(10)) {
            System.out.printf(Locale.ROOT, "  %-10s %3d%n", entry.getKey(), entry.getValue());
        }
        if (dot) {
            System.out.println();
            System.out.print(wordCount.toDot());
        }
    }

    private static List<String> bundledText() {
        try (InputStream in = WordCount.class.getResourceAsStream("gettysburg.txt")) {
            if (in == null) {
                throw new IllegalStateException("the bundled text gettysburg.txt is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
