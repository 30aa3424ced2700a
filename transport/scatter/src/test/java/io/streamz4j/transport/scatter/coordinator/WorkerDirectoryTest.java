package io.streamz4j.transport.scatter.coordinator;

import io.streamz4j.runtime.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerDirectoryTest {
    private final ManualClock clock = new ManualClock();
    private final WorkerDirectory directory = new WorkerDirectory(clock, Duration.ofSeconds(1).toNanos());
    private final List<Integer> died = new ArrayList<>();

    private WorkerState join(long uid, int stream) {
        assertNull(directory.refusal(uid, "aeron:ipc", stream));
        return directory.join(uid, 100 + (int) uid, "w" + uid, "aeron:ipc", stream, Set.of("inc"), (int) uid);
    }

    @Test
    void eachHelloGetsTheNextIndexAndARepeatedHelloTheSameWorker() {
        WorkerState first = join(11, 2002);
        WorkerState second = join(12, 2003);
        assertEquals(0, first.index());
        assertEquals(1, second.index());
        assertSame(first, directory.join(11, 111, "w11", "aeron:ipc", 2002, Set.of(), 11));
        assertEquals(2, directory.workers().length);
    }

    @Test
    void aHelloOnAWorkStreamALiveWorkerHoldsIsRefused() {
        join(11, 2002);
        String refusal = directory.refusal(12, "aeron:ipc", 2002);
        assertNotNull(refusal);
        assertTrue(refusal.contains("2002"), refusal);
        assertNull(directory.refusal(12, "aeron:ipc", 2003), "another stream is fine");
        assertNull(directory.refusal(12, "aeron:udp?endpoint=10.0.0.2:4000", 2002), "another channel is fine");
    }

    @Test
    void aDeadWorkersStreamMayBeTakenByANewWorkerButItsUidNeverComesBack() {
        WorkerState first = join(11, 2002);
        directory.kill(first, w -> died.add(w.index()));
        assertNull(directory.refusal(12, "aeron:ipc", 2002));
        assertNotNull(directory.refusal(11, "aeron:ipc", 2002), "a dead uid may not join again");
        assertNull(directory.live(11), "a dead worker's messages are ignored");
    }

    @Test
    void aWorkerSilentForLongerThanTheTimeoutIsDeclaredDeadOnce() {
        WorkerState quiet = join(11, 2002);
        WorkerState chatty = join(12, 2003);
        clock.advance(Duration.ofMillis(600));
        directory.seen(chatty);
        clock.advance(Duration.ofMillis(400));
        assertEquals(0, directory.expire(w -> died.add(w.index())), "exactly the timeout is not past it");
        clock.advance(1);
        assertEquals(1, directory.expire(w -> died.add(w.index())));
        assertEquals(List.of(0), died);
        assertTrue(quiet.isDead());
        assertEquals(0, directory.expire(w -> died.add(w.index())), "dead once");
        clock.advance(Duration.ofMillis(600));
        assertEquals(1, directory.expire(w -> died.add(w.index())));
        assertEquals(List.of(0, 1), died);
        assertEquals(List.of(), directory.liveIndexes());
    }

    @Test
    void aLostImageKillsTheWorkerOfItsSession() {
        join(11, 2002);
        WorkerState other = join(12, 2003);
        directory.imageLost(12, w -> died.add(w.index()));
        assertEquals(List.of(1), died);
        assertTrue(other.isDead());
        directory.imageLost(12, w -> died.add(w.index()));
        directory.imageLost(99, w -> died.add(w.index()));
        assertEquals(List.of(1), died, "a session gone again, or unknown, kills nobody");
        assertEquals(List.of(0), directory.liveIndexes());
    }
}
