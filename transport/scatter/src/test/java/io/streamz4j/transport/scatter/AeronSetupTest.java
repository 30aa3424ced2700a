package io.streamz4j.transport.scatter;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AeronSetupTest {
    @Test
    void anEmbeddedDriverCarriesIpcAndItsDirectoryIsGoneAfterClose() {
        File dir;
        try (AeronSetup setup = AeronSetup.embedded()) {
            dir = new File(setup.aeronDirectoryName());
            assertTrue(dir.isDirectory());
            assertTrue(dir.getPath().startsWith(System.getProperty("java.io.tmpdir")));
            Aeron aeron = setup.connect();
            try (Subscription sub = aeron.addSubscription("aeron:ipc", 77);
                    Publication pub = aeron.addPublication("aeron:ipc", 77)) {
                UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
                message.putLong(0, 4242L);
                while (pub.offer(message) < 0) {
                    Thread.onSpinWait();
                }
                List<Long> received = new ArrayList<>();
                while (received.isEmpty()) {
                    sub.poll((buffer, offset, length, header) -> received.add(buffer.getLong(offset)), 1);
                }
                assertEquals(List.of(4242L), received);
            }
            Aeron second = setup.reconnect();
            assertNotSame(aeron, second);
            assertTrue(aeron.isClosed(), "reconnect closes the old client");
            assertFalse(second.isClosed());
        }
        assertFalse(dir.exists(), "the driver directory is deleted at close");
    }

    @Test
    void anExternalDirectoryIsUsedAsGiven() {
        try (AeronSetup driver = AeronSetup.embedded();
                AeronSetup client = AeronSetup.external(driver.aeronDirectoryName())) {
            assertFalse(client.embeddedDriver());
            assertEquals(driver.aeronDirectoryName(), client.connect().context().aeronDirectoryName());
        }
        assertThrows(IllegalArgumentException.class, () -> AeronSetup.external(""));
    }
}
