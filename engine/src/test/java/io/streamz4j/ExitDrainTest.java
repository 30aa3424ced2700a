package io.streamz4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A JVM whose {@code main} returns with elements still in a buffer delivers them before it exits,
 * although the buffer's consumer is a daemon thread: the engine's shutdown hook waits for open
 * buffers to drain. Run in a JVM of its own ({@link BufferAtExitMain}), whose consumer is held
 * until the exit has begun, so the elements are certainly in flight at exit.
 */
class ExitDrainTest {

    @Test
    void fiftyElementsInABufferAreDeliveredWhenMainReturns() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                BufferAtExitMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the program did not exit");
        assertEquals(0, process.exitValue());

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add(Integer.toString(i));
        }
        assertEquals(expected, out.lines().toList());
    }
}
