package io.streamz4j.bench.kafka;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka suite is honest: the preloaded topic holds exactly the rows {@link Rows} describes,
 * every side finds the expected sums over it (each row once), and the harness notices sums that
 * are off by a row or a value. Small counts, a real in-process broker, no timing asserted.
 */
class KafkaSidesTest {
    private static final long RECORDS = 20_000;
    private static final int KEYS = 7;
    private static BenchBroker broker;
    private static String topic;

    @BeforeAll
    static void preload() throws Exception {
        broker = new BenchBroker();
        topic = "kafka-bench-" + System.nanoTime();
        TopicLoader.load(broker.bootstrapServers(), topic, 3, RECORDS, KEYS);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void everySideSumsEachRowOnce() throws Exception {
        for (String side : KafkaBench.SIDES.keySet()) {
            KafkaBench.Result result = KafkaBench.measure(side, broker.bootstrapServers(), topic, RECORDS, KEYS, 1, 2);
            assertEquals(0, result.mismatches(), side);
            assertEquals(2, result.messagesPerSecond().size(), side);
            assertTrue(result.messagesPerSecond().stream().allMatch(r -> r > 0), side);
        }
    }

    @Test
    void theFloorFindsTheExpectedSums() {
        GroupSums got = new ConsumerLoopFloor().consume(broker.bootstrapServers(), topic, RECORDS, KEYS);
        GroupSums expected = Rows.expected(RECORDS, KEYS);
        assertEquals(RECORDS, got.rows());
        for (int k = 0; k < KEYS; k++) {
            assertEquals(expected.sum(k), got.sum(k), "key " + k);
        }
        assertEquals(0, got.mismatches(expected));
    }

    @Test
    void wrongSumsAreNoticed() {
        GroupSums expected = Rows.expected(RECORDS, KEYS);
        GroupSums missingARow = Rows.expected(RECORDS - 1, KEYS);
        assertEquals(2, missingARow.mismatches(expected), "the count and the last row's key");
        GroupSums wrongValue = Rows.expected(RECORDS, KEYS);
        wrongValue.addSum(3, 0.5, 0);
        assertEquals(1, wrongValue.mismatches(expected));
        assertEquals(0, Rows.expected(RECORDS, KEYS).mismatches(expected));
    }

    @Test
    void rowsRoundTripTheirWireForm() {
        byte[] row = Rows.encode(12_345, KEYS);
        assertEquals(Rows.BYTES, row.length);
        assertEquals(12_345 % KEYS, Rows.keyOf(row));
        assertEquals(172.5, Rows.valueOf(row));
        assertEquals(12_345 % KEYS, row[0], "little-endian key, as numpy's '<i8'");
    }

    @Test
    void anUnknownSideIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaBench.measure("nope", broker.bootstrapServers(), topic, 1, KEYS, 0, 1));
        assertTrue(e.getMessage().contains("'--side'"), e.getMessage());
    }
}
