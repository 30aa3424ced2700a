package io.streamz4j.bench.scatter;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;

import java.io.File;

/**
 * The floor's embedded media driver: one shared agent thread (conductor, sender and receiver) idling
 * with the run's strategy, its directory a fresh one under java.io.tmpdir, deleted on close. One
 * thread because the machine has two cores: a dedicated driver's three threads would take them
 * from the sides being measured.
 *
 * <p>Thread safety: stateless; the driver it launches runs its own thread.
 */
final class FloorDriver {
    private FloorDriver() {
    }

    static MediaDriver launch(String idle) {
        String dir = new File(System.getProperty("java.io.tmpdir"),
                "streamz4j-bench-echo-" + ProcessHandle.current().pid() + "-" + System.nanoTime()).getPath();
        return MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(dir)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(Idle.parse(idle)));
    }
}
