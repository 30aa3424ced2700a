package io.streamz4j.transport.scatter;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleStrategiesTest {
    @Test
    void namesGiveTheirStrategiesAndTheDefaultNeverBusySpins() {
        assertInstanceOf(BackoffIdleStrategy.class, IdleStrategies.parse(null));
        assertInstanceOf(BackoffIdleStrategy.class, IdleStrategies.parse(""));
        assertInstanceOf(BackoffIdleStrategy.class, IdleStrategies.parse("backoff"));
        assertInstanceOf(SleepingIdleStrategy.class, IdleStrategies.parse("sleeping"));
        assertInstanceOf(YieldingIdleStrategy.class, IdleStrategies.parse("yielding"));
        assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.parse("busy-spin"));
        assertNotSame(IdleStrategies.parse("backoff"), IdleStrategies.parse("backoff"), "a strategy has state: one per loop");
        assertTrue(IdleStrategies.parse("backoff").toString().contains("maxParkPeriodNs=1000000"),
                IdleStrategies.parse("backoff").toString());
    }

    @Test
    void anUnknownNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdleStrategies.parse("spin"));
        assertTrue(e.getMessage().contains("'spin'") && e.getMessage().contains("busy-spin"), e.getMessage());
    }
}
