package io.streamz4j;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the streamz oracle script is, for every module's differential tests (the engine's
 * DifferentialOracleTest; the frame module's through the engine's test-jar).
 *
 * <p>Thread safety: stateless.
 */
public final class OracleScript {
    private OracleScript() {
    }

    /**
     * The oracle script: {@code -Dstreamz.oracle} if set, else the project's own
     * {@code tools/streamz-oracle}, found walking up from the working directory (a module's) to the
     * checkout's root. A test that needs it fails, saying why, when neither names a file: the
     * comparison is part of the suite, never skipped.
     */
    public static Path locate() {
        String property = System.getProperty("streamz.oracle");
        if (property != null && !property.isBlank()) {
            Path p = Paths.get(property).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                fail("-Dstreamz.oracle=" + property + " names no file, so streamz cannot be consulted");
            }
            return p;
        }
        Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("tools").resolve("streamz-oracle");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return fail("no tools/streamz-oracle in " + start + " or any parent directory, and no"
                + " -Dstreamz.oracle=PATH given, so streamz cannot be consulted");
    }
}
