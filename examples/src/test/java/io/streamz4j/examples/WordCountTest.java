package io.streamz4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The flagship example's pipeline against the same counts computed with plain loops. */
class WordCountTest {
    private static final List<String> TEXT = List.of(
            "The cat sat on the mat.",
            "",
            "The dog -- the dog's bone -- sat too.",
            "Cats and dogs, dogs and cats.");

    @Test
    void countsMatchAPlainRecount() {
        WordCount wordCount = new WordCount(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        wordCount.feed(TEXT);

        Map<String, Integer> expected = new HashMap<>();
        int total = 0;
        for (String line : TEXT) {
            for (String word : WordCount.words(line)) {
                expected.merge(word, 1, Integer::sum);
                total++;
            }
        }
        assertEquals(expected, wordCount.counts());
        assertEquals(List.of(total, new HashSet<>(expected.keySet()).size()), wordCount.totalAndDistinct());
        assertEquals(Map.entry("the", 4), wordCount.top(1).get(0));
    }

    @Test
    void reportsEachLineWithTheMeanOfTheLastThreeNonEmptyLines() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        WordCount wordCount = new WordCount(new PrintStream(printed, true, StandardCharsets.UTF_8));
        wordCount.feed(TEXT);

        List<String> report = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, report.size());
        assertEquals("line  1:  6 words   mean of last 3 non-empty lines: -", report.get(0));
        assertEquals("line  2:  0 words   mean of last 3 non-empty lines: -", report.get(1));
        // Lines 1, 3 and 4 hold 6, 7 and 6 words: the window fills on line 4, whose report sees it
        // because the window branch was connected before the line-number branch (depth-first order).
        assertEquals("line  4:  6 words   mean of last 3 non-empty lines: 6.3", report.get(3));
    }

    @Test
    void splitsWordsOnPunctuationKeepingInnerApostrophes() {
        assertEquals(List.of("the", "dog's", "bone", "well-known"), WordCount.words("The dog's bone -- 'well-known'!"));
    }

    @Test
    void graphNamesTheBranches() {
        String dot = new WordCount(System.out).toDot();
        assertTrue(dot.contains("line number accumulate"), dot); // streamz: _clean_text("<line number; accumulate>")
        assertTrue(dot.contains("combine_latest"), dot);
        assertTrue(dot.contains("sliding_window; 3"), dot);
    }
}
