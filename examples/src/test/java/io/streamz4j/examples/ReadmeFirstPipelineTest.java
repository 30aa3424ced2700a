package io.streamz4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamz4j.Stream;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The README's "A first pipeline" snippet, run as written, with what it prints captured. */
class ReadmeFirstPipelineTest {

    @Test
    void firstPipelineDoesWhatTheReadmeSays() {
        List<String> printed = new ArrayList<>();

        Stream<Integer> source = new Stream<>();
        source.map(x -> x + 1).sink(x -> printed.add(String.valueOf(x)));
        source.emit(1);
        source.emit(10);
        assertEquals(List.of("2", "11"), printed);

        Stream<Integer> a = source.map(x -> x + 1);
        Stream<Integer> b = source.map(x -> x - 1);
        List<List<Object>> pairs = a.zip(b).sinkToList();
        source.emit(10);
        assertEquals(List.of(List.of(11, 9)), pairs);
        assertEquals("[(11, 9)]", pairs.toString());

        printed.clear();
        Stream<Integer> numbers = new Stream<>();
        numbers.slidingWindow(3, false).sink(x -> printed.add(String.valueOf(x)));
        numbers.accumulate((Integer total, Integer x) -> total + x, 0).sink(x -> printed.add(String.valueOf(x)));
        for (int i = 1; i <= 4; i++) {
            numbers.emit(i);
        }
        assertEquals(List.of("1", "3", "(1, 2, 3)", "6", "(2, 3, 4)", "10"), printed);
    }
}
