package io.streamz4j.transport.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The pool's options: the JVM flags match the build's, and bad settings fail when set. */
class WorkerPoolOptionsTest {

    /**
     * Workers start with the flags the root POM gives every JVM of the build: the two lists are
     * kept in two places (the pool runs without Maven), so this test is what keeps them equal.
     */
    @Test
    void theProjectJvmFlagsAreTheRootPomsForTheRunningJdk() throws IOException {
        String pom = Files.readString(Path.of("..", "..", "pom.xml"));
        List<String> expected = new ArrayList<>(words(property(pom, "streamz4j.jvm.flags", 0)));
        if (Runtime.version().feature() >= 24) {
            // the second definition is the jdk24+ profile's (the first, in the properties, is empty)
            expected.addAll(words(property(pom, "streamz4j.jvm.flags.jdk24", 1)));
        }
        assertEquals(expected, WorkerPoolOptions.projectJvmFlags());
    }

    @Test
    void badSettingsFailWhenSetNamingTheParameter() {
        assertNames("workers", () -> WorkerPoolOptions.builder().workers(-1));
        assertNames("idleStrategy", () -> WorkerPoolOptions.builder().idleStrategy("spin-forever"));
        assertNames("heartbeatInterval", () -> WorkerPoolOptions.builder().heartbeatInterval(Duration.ZERO));
        assertNames("controlChannel", () -> WorkerPoolOptions.builder().controlChannel("udp://10.0.0.1:1"));
        assertNames("firstPort", () -> WorkerPoolOptions.builder().udpWorkChannels("127.0.0.1", 70000));
        assertNames("library", () -> WorkerPoolOptions.builder().library(""));
        assertNames("stopTimeout", () -> WorkerPoolOptions.builder().stopTimeout(Duration.ofSeconds(-1)));
        assertNames("embeddedDriver", () -> WorkerPoolOptions.builder().embeddedDriver().build());
    }

    @Test
    void aWorkerOnItsOwnDriverNeedsUdpAndThenBuilds() {
        WorkerPoolOptions options = WorkerPoolOptions.builder().embeddedDriver().udpWorkChannels("127.0.0.1").build();
        assertTrue(options.embeddedDriver());
        assertEquals("127.0.0.1", options.udpHost());
        assertEquals(0, options.firstUdpPort());
    }

    private static void assertNames(String parameter, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith("WorkerPoolOptions: ") && e.getMessage().contains(parameter),
                e.getMessage());
    }

    private static String property(String pom, String name, int occurrence) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">").matcher(pom);
        for (int i = 0; i <= occurrence; i++) {
            if (!m.find()) {
                throw new AssertionError("no " + name + " number " + (occurrence + 1) + " in the root pom.xml");
            }
        }
        return m.group(1);
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
    }
}
