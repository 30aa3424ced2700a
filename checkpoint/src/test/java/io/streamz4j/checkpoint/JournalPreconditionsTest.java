package io.streamz4j.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * What a journaled source checks when it is built, with errors that say what to do: the JVM flags
 * Chronicle needs (in a child JVM started without some of them), a read-only journal directory;
 * and that Chronicle's announcement banner stays off.
 */
class JournalPreconditionsTest {
    /** The README's "JVM flags for embedders" list for Chronicle; sun.misc is exported without a flag. */
    private static final List<String> CHRONICLE_FLAGS = List.of(
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED");

    /** The flags the child's refusal names, in its order. */
    private static List<String> namedFlags(String output) {
        List<String> named = new ArrayList<>();
        for (String word : output.split("\\s+")) {
            if (word.startsWith("--add-")) {
                named.add(word);
            }
        }
        return named;
    }

    @Test
    void aJvmWithoutOneFlagIsRefusedNamingExactlyThatFlag(@TempDir Path dir) throws Exception {
        String flag = "--add-opens=java.base/java.io=ALL-UNNAMED";
        try (ChildProcess child = ChildProcess.start("build", dir, List.of(flag))) {
            String output = child.awaitOutput();
            assertTrue(output.contains("REFUSED journal " + dir), output);
            assertEquals(List.of(flag), namedFlags(output), output);
        }
    }

    @Test
    void aJvmWithoutAnyFlagIsRefusedNamingEveryMissingOne(@TempDir Path dir) throws Exception {
        List<String> all = new ArrayList<>(CrashTest.jvmFlags());
        all.removeIf(f -> !f.startsWith("--add-"));
        try (ChildProcess child = ChildProcess.start("build", dir, all)) {
            String output = child.awaitOutput();
            assertTrue(output.contains("REFUSED journal " + dir), output);
            assertEquals(CHRONICLE_FLAGS, namedFlags(output), output);
            assertFalse(output.contains("AssertionError"), output);
        }
    }

    @Test
    void chronicleBannerIsNotPrinted(@TempDir Path dir) throws Exception {
        try (ChildProcess child = ChildProcess.start("build", dir, List.of())) {
            String output = child.awaitOutput();
            assertTrue(output.contains("BUILT"), output);
            assertFalse(output.contains("Leave your e-mail"), output);
            assertFalse(output.contains("Running under"), output);
        }
    }

    @Test
    void aReadOnlyJournalDirectoryIsRefusedNamingIt(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("journal");
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).build()) {
            source.sink(x -> { });
            source.start();
            source.emit(1L);
        }
        makeReadOnly(dir);
        try {
            JournalException e = assertThrows(JournalException.class, () -> JournaledSource.builder(dir, Codecs.LONG)
                    .checkpointInterval(Duration.ZERO).build());
            assertTrue(e.getMessage().contains("journal " + dir + " is read-only"), e.getMessage());
        } finally {
            makeWritable(dir);
        }
    }

    /**
     * Takes write access away: by permissions, and where they do not bind (root) by the immutable
     * attribute, which binds root too.
     */
    private static void makeReadOnly(Path dir) throws IOException, InterruptedException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(dir)) {
            chattr("+i", dir);
        }
        assumeFalse(Files.isWritable(dir), "this machine cannot make a directory read-only for this user");
    }

    private static void makeWritable(Path dir) throws IOException, InterruptedException {
        chattr("-i", dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs chattr where there is one; without it (or the right to use it) the attribute stays as it was. */
    private static void chattr(String change, Path dir) throws InterruptedException {
        try {
            new ProcessBuilder("chattr", change, dir.toString()).inheritIO().start().waitFor();
        } catch (IOException e) {
            // no chattr on this machine: permissions alone decide
        }
    }
}
