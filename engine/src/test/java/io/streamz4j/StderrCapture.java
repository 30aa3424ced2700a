package io.streamz4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.function.Executable;

/**
 * Captures System.err, where slf4j-simple logs, around an action: the tests' one way to read what a
 * node logged (a failure, a WARN on destroy).
 *
 * <p>Thread safety: call from the test thread only; System.err is swapped for the whole JVM while
 * the action runs, so whatever any thread logs meanwhile is captured.
 */
public final class StderrCapture {
    private StderrCapture() {
    }

    /** Runs {@code action} with System.err captured, and returns what it got. */
    public static String stderrOf(Executable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.execute();
        } catch (Throwable t) {
            throw new AssertionError("the captured action failed", t);
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
