package io.streamz4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Stream;
import io.streamz4j.core.Buffer;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * An embedder with no SLF4J provider on the class path (SLF4J then falls back to its
 * no-operation logger, which prints nothing): a failure below a buffer still shows, once, on
 * standard error, naming the node and the element. Runs a JVM of its own on the test class path
 * without slf4j-simple.
 */
class NoSlf4jProviderTest {

    /** The embedder: a map below a buffer that fails on 0, then a good element. */
    public static final class Embedder {
        public static void main(String[] args) {
            Stream<Integer> source = new Stream<>("embedded");
            Buffer<Integer> buffer = (Buffer<Integer>) source.buffer(2);
            List<Integer> out = new java.util.concurrent.CopyOnWriteArrayList<>();
            buffer.map(x -> 10 / x).sink(out::add);
            source.emit(0);
            source.emit(5);
            source.close();   // the buffer delivers both before the pipeline ends
            System.out.println("delivered " + out);
        }
    }

    @Test
    void aFailureOffTheEmittingThreadIsPrintedOnceWithoutAnSlf4jProvider() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("slf4j-simple"))
                .collect(Collectors.joining(File.pathSeparator));
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, Embedder.class.getName()).start();
        jvm.getOutputStream().close();
        String err = new String(jvm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));

        assertEquals(0, jvm.exitValue(), err);
        assertTrue(out.contains("delivered [2]"), out + err);
        assertTrue(err.contains("SLF4J"), "SLF4J says it has no provider: " + err);   // so the check is real
        assertEquals(1, err.split("failed on element", -1).length - 1, err);
        assertTrue(err.contains("ERROR streamz4j: <map> failed on element 0: java.lang.ArithmeticException: / by zero"),
                err);
    }
}
