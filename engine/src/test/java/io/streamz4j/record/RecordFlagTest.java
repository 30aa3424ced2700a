package io.streamz4j.record;

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
 * A JVM started without the export Agrona 2's buffers need is told which flag is missing, naming
 * the ring or map that needed it, instead of an error about an Agrona class; with the flag, the
 * same program builds both. Each runs in a JVM of its own ({@link RecordFlagMain}).
 */
class RecordFlagTest {

    @Test
    void withoutTheExportTheErrorNamesTheFlagAndWithItTheRingIsBuilt() throws Exception {
        assertEquals(List.of(
                "flagless: the record path needs the JVM flag --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"
                        + " (Agrona's buffers use the JDK's internal Unsafe)",
                "RecordMap[DoubleValue]: the record path needs the JVM flag"
                        + " --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED (Agrona's buffers use the JDK's"
                        + " internal Unsafe)"),
                run(List.of()));
        assertEquals(List.of("built", "built"), run(List.of(OffHeap.FLAG)));
    }

    private static List<String> run(List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RecordFlagMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the program did not exit");
        return out.lines().toList();
    }
}
