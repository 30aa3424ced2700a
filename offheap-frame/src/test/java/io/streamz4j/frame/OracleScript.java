package io.streamz4j.frame;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the streamz oracle script is, for the frame module's differential tests (as the engine's
 * DifferentialOracleTest finds it): {@code -Dstreamz.oracle}, or the first
 * {@code shared/tools/streamz-oracle} walking up from the working directory.
 *
 * <p>Thread safety: stateless.
 */
public final class OracleScript {
    private OracleScript() {
    }

    public static Path locate() {
        String property = System.getProperty("streamz.oracle");
        if (property != null && !property.isBlank()) {
            return Paths.get(property).toAbsolutePath();
        }
        Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("tools").resolve("streamz-oracle");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort("no shared/tools/streamz-oracle in " + start + " or any parent directory, and no"
                + " -Dstreamz.oracle=PATH given, so streamz cannot be consulted");
        return null;
    }
}
