package io.streamz4j.transport.scatter.worker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerOptionsTest {
    @Test
    void theDocumentedCommandLineIsParsed() {
        WorkerOptions options = WorkerOptions.parse(new String[] {"--control-channel", "aeron:udp?endpoint=10.77.0.1:40123",
            "--work-channel", "aeron:udp?endpoint=10.77.0.2:40200", "--embedded-driver", "--library", "a.B",
            "--library", "c.D", "--idle", "sleeping", "--heartbeat-ms", "20", "--name", "left", "--parent-pid", "77"});
        assertEquals(new WorkerOptions("aeron:udp?endpoint=10.77.0.1:40123", "aeron:udp?endpoint=10.77.0.2:40200", null,
                true, List.of("a.B", "c.D"), "sleeping", 20, "left", 77), options);
        assertFalse(options.ipcWork());
    }

    @Test
    void defaultsAreIpcBackoffAndAeronsDirectory() {
        WorkerOptions options = WorkerOptions.parse(new String[] {"--control-channel", "aeron:ipc"});
        assertEquals("aeron:ipc", options.workChannel());
        assertTrue(options.ipcWork());
        assertEquals("backoff", options.idle());
        assertEquals(100, options.heartbeatMs());
        assertEquals(io.aeron.CommonContext.getAeronDirectoryName(), options.aeronDir());
        assertEquals("worker-" + ProcessHandle.current().pid(), options.name());
        assertEquals(WorkerOptions.NO_PARENT, options.parentPid());
    }

    private static void assertBad(String reasonPart, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse(args));
        assertTrue(e.getMessage().contains(reasonPart), "'" + e.getMessage() + "' should say " + reasonPart);
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        assertBad("--control-channel is required");
        assertBad("--control-channel is required", "--work-channel", "aeron:ipc");
        assertBad("needs a value", "--control-channel");
        assertBad("unknown option '--port'", "--control-channel", "aeron:ipc", "--port", "1");
        assertBad("unexpected argument 'x'", "--control-channel", "aeron:ipc", "x");
        assertBad("not an Aeron channel", "--control-channel", "udp://host");
        assertBad("not 0", "--control-channel", "aeron:ipc", "--work-channel", "aeron:udp?endpoint=127.0.0.1:0");
        assertBad("needs endpoint", "--control-channel", "aeron:udp?interface=lo");
        assertBad("idle strategy 'fast'", "--control-channel", "aeron:ipc", "--idle", "fast");
        assertBad("positive whole number", "--control-channel", "aeron:ipc", "--heartbeat-ms", "0");
        assertBad("positive whole number", "--control-channel", "aeron:ipc", "--heartbeat-ms", "soon");
        assertBad("exclude each other", "--control-channel", "aeron:ipc", "--aeron-dir", "/x", "--embedded-driver",
                "--work-channel", "aeron:udp?endpoint=127.0.0.1:5000");
        assertBad("IPC needs the coordinator's driver", "--control-channel", "aeron:ipc", "--embedded-driver");
    }
}
