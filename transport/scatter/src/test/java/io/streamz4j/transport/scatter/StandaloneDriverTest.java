package io.streamz4j.transport.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone media driver: a process clients attach to by directory, which can be SIGKILLed
 * and started again on the same directory, and which leaves no process and no directory behind
 * when closed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StandaloneDriverTest {
    @TempDir
    Path logs;

    @Test
    void aClientAttachesByDirectoryAndTheDriverSurvivesAKillAndRestartAndLeavesNothingWhenClosed() throws IOException {
        String dir = "/dev/shm/streamz4j-test-driver-" + UUID.randomUUID();
        long firstPid;
        long secondPid;
        try (StandaloneDriver driver = StandaloneDriver.builder().aeronDir(dir).logFile(logs.resolve("driver.log")).start()) {
            firstPid = driver.pid();
            assertTrue(Files.readString(driver.log()).contains(StandaloneDriver.DRIVER_MAIN), "its log starts with its command");
            assertTrue(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
            assertEquals("hello", echo(dir, "hello"), "a client of the driver's directory reaches itself over IPC");

            driver.kill();
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false), "SIGKILLed driver gone");
            assertFalse(driver.isAlive());

            driver.restart();
            secondPid = driver.pid();
            assertThrows(IllegalStateException.class, driver::restart, "a live driver is not started twice");
            assertNotEquals(firstPid, secondPid);
            assertEquals("again", echo(dir, "again"), "the restarted driver serves the same directory");
        }
        assertFalse(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false), "closed driver's process gone");
        assertFalse(Files.exists(Path.of(dir)), "closed driver's directory deleted");
    }

    @Test
    void badSettingsFailAtConstructionNamingTheParameter() {
        IllegalArgumentException noDir = assertThrows(IllegalArgumentException.class,
                () -> StandaloneDriver.builder().start());
        assertTrue(noDir.getMessage().contains("aeronDir"), noDir.getMessage());
        IllegalArgumentException notAeron = assertThrows(IllegalArgumentException.class,
                () -> StandaloneDriver.builder().property("threading.mode", "SHARED"));
        assertTrue(notAeron.getMessage().contains("property"), notAeron.getMessage());
        IllegalArgumentException emptyDir = assertThrows(IllegalArgumentException.class,
                () -> StandaloneDriver.builder().aeronDir(" "));
        assertTrue(emptyDir.getMessage().contains("aeronDir"), emptyDir.getMessage());
    }

    /** One message over IPC through the driver in {@code dir}, and back as a string. */
    private static String echo(String dir, String text) {
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
                Subscription sub = aeron.addSubscription("aeron:ipc", 77);
                Publication pub = aeron.addPublication("aeron:ipc", 77)) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            while (pub.offer(buffer, 0, bytes.length) < 0) {
                Thread.onSpinWait();
            }
            StringBuilder received = new StringBuilder();
            while (received.length() == 0) {
                sub.poll((b, offset, length, header) -> received.append(b.getStringWithoutLengthUtf8(offset, length)), 1);
            }
            return received.toString();
        }
    }
}
