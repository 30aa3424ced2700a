package io.streamz4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Stream;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

import org.junit.jupiter.api.Test;

/**
 * The default error handler's fallback for an embedder without an SLF4J provider, where SLF4J's
 * no-operation logger would print nothing: one record per failure on the stream it is given,
 * naming the node and the element, with the stack trace.
 */
class LoggingErrorHandlerTest {

    private static String recordOf(Stream<?> node, Object element, Throwable error) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LoggingErrorHandler(new PrintStream(out, true, StandardCharsets.UTF_8)).onError(node, element, error);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutAnSlf4jProviderAFailureIsPrintedOnceNamingTheNodeAndTheElement() {
        Stream<Integer> source = new Stream<>();
        Stream<Integer> map = source.map(x -> 10 / x);
        ArithmeticException error = new ArithmeticException("/ by zero");

        String record = recordOf(map, 0, error);

        assertTrue(record.startsWith("ERROR streamz4j: <map> failed on element 0: java.lang.ArithmeticException: / by zero"),
                record);
        // the record's line and the trace's head, nothing else: one record
        assertEquals(2, record.split("java.lang.ArithmeticException", -1).length - 1, record);
        assertTrue(record.contains("\tat io.streamz4j.runtime.internal.LoggingErrorHandlerTest"), record);
    }

    @Test
    void aLongElementIsCut() {
        String record = recordOf(new Stream<>("big"), String.join("", Collections.nCopies(1_000, "x")),
                new IllegalStateException("boom"));

        assertTrue(record.contains("<big; Stream> failed on element " + "x".repeat(200) + "...: "), record);
    }
}
