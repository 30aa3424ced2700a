package io.streamz4j.checkpoint;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Deletes the journal's cycle files (Chronicle names each after its roll period, in UTC) that a
 * {@link Retention} policy no longer needs.
 *
 * <p>Thread safety: called by one checkpointing thread at a time.
 */
final class CycleFiles {
    private static final Logger LOG = LoggerFactory.getLogger(CycleFiles.class);
    private static final String SUFFIX = ".cq4";

    private final SingleChronicleQueue queue;
    private final Retention retention;
    private final DateTimeFormatter names;

    CycleFiles(SingleChronicleQueue queue, Retention retention) {
        this.queue = queue;
        this.retention = retention;
        RollCycle rollCycle = queue.rollCycle();
        this.names = new DateTimeFormatterBuilder().appendPattern(rollCycle.format())
                .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
                .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
                .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
                .toFormatter();
    }

    /** Deletes what the policy allows below a checkpoint at journal index {@code completedThrough}. */
    int deleteBelow(long completedThrough) {
        if (!retention.deletes() || completedThrough < 0) {
            return 0;
        }
        long lowestKept = (long) queue.rollCycle().toCycle(completedThrough) - retention.keepCycles();
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(queue.file().toPath(), "*" + SUFFIX)) {
            for (Path file : files) {
                Long cycle = cycleOf(file);
                if (cycle != null && cycle < lowestKept && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.warn("journal {}: could not delete old cycles ({}); will try again at the next checkpoint",
                    queue.file(), e.toString());
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
            LOG.debug("journal {}: deleted {} cycle files below cycle {}", queue.file(), deleted, lowestKept);
        }
        return deleted;
    }

    /** The cycle a file holds, or null for a file not named like one. */
    private Long cycleOf(Path file) {
        String name = file.getFileName().toString();
        try {
            LocalDateTime start = LocalDateTime.parse(name.substring(0, name.length() - SUFFIX.length()), names);
            return start.toInstant(ZoneOffset.UTC).toEpochMilli() / queue.rollCycle().lengthInMillis();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
