package io.streamz4j.transport.scatter.coordinator;

/**
 * Which worker gets an element: the ready worker with the fewest elements in flight among those
 * able to run the program (sent it, and having all its functions), ties going round in turn so
 * that idle workers share a trickle of elements rather than the first one taking all.
 *
 * <p>Thread safety: each user keeps its own instance (the producer one, the agent one), since the
 * rotor that breaks ties is plain state; the workers' fields it reads are volatile.
 */
public final class Dispatch {
    private int rotor;

    /**
     * The index of the worker to send an element of {@code program} to, or -1 when no worker is
     * ready for it (the caller waits: a worker may still join).
     */
    public int leastInFlight(WorkerState[] workers, ProgramState program) {
        int count = workers.length;
        if (count == 0) {
            return -1;
        }
        int start = rotor = rotor + 1 >= count || rotor + 1 < 0 ? 0 : rotor + 1;
        int best = -1;
        long bestInFlight = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            int at = start + i;
            WorkerState worker = workers[at >= count ? at - count : at];
            if (program.accepts(worker)) {
                long inFlight = worker.inFlight;
                if (inFlight < bestInFlight) {
                    bestInFlight = inFlight;
                    best = worker.index;
                }
            }
        }
        return best;
    }
}
