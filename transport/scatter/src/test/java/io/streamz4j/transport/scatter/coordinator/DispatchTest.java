package io.streamz4j.transport.scatter.coordinator;

import io.streamz4j.runtime.ManualClock;
import io.streamz4j.transport.scatter.GatherOrder;
import io.streamz4j.transport.scatter.wire.ProgramMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DispatchTest {
    private final WorkerDirectory directory = new WorkerDirectory(new ManualClock(), 1_000_000_000L);
    private final ProgramState program = new ProgramState(1, List.of(new ProgramMessage.Step((byte) 1, "inc")), 8,
            GatherOrder.SCATTER_ORDER, false, null, null);
    private final Dispatch dispatch = new Dispatch();

    private WorkerState ready(long uid) {
        WorkerState worker = directory.join(uid, 1, "w" + uid, "aeron:ipc", 2000 + (int) uid, Set.of("inc"), (int) uid);
        worker.programsSent = 1;
        directory.ready(worker);
        return worker;
    }

    @Test
    void noReadyWorkerMeansWait() {
        assertEquals(-1, dispatch.leastInFlight(directory.workers(), program));
        WorkerState joining = directory.join(1, 1, "w", "aeron:ipc", 2001, Set.of("inc"), 1);
        assertEquals(-1, dispatch.leastInFlight(directory.workers(), program), "a joining worker takes nothing yet");
        joining.programsSent = 1;
        directory.ready(joining);
        assertEquals(0, dispatch.leastInFlight(directory.workers(), program));
    }

    @Test
    void theWorkerWithTheFewestInFlightIsChosen() {
        WorkerState a = ready(1);
        WorkerState b = ready(2);
        WorkerState c = ready(3);
        a.sent();
        a.sent();
        b.sent();
        c.sent();
        c.sent();
        for (int i = 0; i < 5; i++) {
            assertEquals(1, dispatch.leastInFlight(directory.workers(), program));
        }
    }

    @Test
    void tiesGoRoundSoIdleWorkersShare() {
        ready(1);
        ready(2);
        ready(3);
        int[] chosen = new int[3];
        for (int i = 0; i < 9; i++) {
            chosen[dispatch.leastInFlight(directory.workers(), program)]++;
        }
        assertEquals(3, chosen[0]);
        assertEquals(3, chosen[1]);
        assertEquals(3, chosen[2]);
    }

    @Test
    void deadWorkersWorkersWithoutTheProgramAndExcludedWorkersAreSkipped() {
        WorkerState dead = ready(1);
        WorkerState behind = ready(2);
        WorkerState lacking = ready(3);
        WorkerState good = ready(4);
        good.sent();
        good.sent();
        directory.kill(dead, w -> { });
        behind.programsSent = 0;
        program.exclude(lacking);
        for (int i = 0; i < 4; i++) {
            assertEquals(3, dispatch.leastInFlight(directory.workers(), program));
        }
        assertTrue(program.accepts(good));
    }

    @Test
    void theKeyTableKeepsAKeysFirstWorkerUntilMoved() {
        KeyTable keys = new KeyTable();
        assertEquals(-1, keys.workerOf("k"));
        assertEquals(2, keys.assign("k", 2));
        assertEquals(2, keys.assign("k", 5), "a key keeps its worker");
        keys.move("k", 5);
        assertEquals(5, keys.workerOf("k"));
    }
}
