package io.streamz4j.checkpoint;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deletes the journal's cycle files (Chronicle names each after its roll period, in UTC) that a
 * {@link Retention} policy no longer needs, and names the file of a cycle.
 *
 * <p>Thread safety: called by one checkpointing thread at a time; {@link #fileOf} by any.
 */
final class CycleFiles {
    private static final Logger LOG = LoggerFactory.getLogger(CycleFiles.class);
    private static final String SUFFIX = ".cq4";

    private final SingleChronicleQueue queue;
    private final Retention retention;

    CycleFiles(SingleChronicleQueue queue, Retention retention) {
        this.queue = queue;
        this.retention = retention;
    }

    private static DateTimeFormatter names(RollCycle rollCycle) {
        return new DateTimeFormatterBuilder().appendPattern(rollCycle.format())
                .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
                .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
                .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
                .toFormatter();
    }

    /** The file Chronicle keeps {@code cycle} in. */
    static Path fileOf(SingleChronicleQueue queue, int cycle) {
        RollCycle rollCycle = queue.rollCycle();
        LocalDateTime start = LocalDateTime.ofInstant(Instant.ofEpochMilli((long) cycle * rollCycle.lengthInMillis()),
                ZoneOffset.UTC);
        return queue.file().toPath().resolve(names(rollCycle).format(start) + SUFFIX);
    }

    /**
     * Deletes what the policy allows below a checkpoint at journal index {@code completedThrough}:
     * cycles more than the kept number below its cycle, then, under a size bound, the oldest below
     * its cycle while the journal is bigger than the bound.
     */
    int deleteBelow(long completedThrough) {
        if (!retention.deletes() || completedThrough < 0) {
            return 0;
        }
        long checkpointCycle = queue.rollCycle().toCycle(completedThrough);
        long lowestKept = retention.keepCycles() >= 0 ? checkpointCycle - retention.keepCycles() : Long.MIN_VALUE;
        int deleted = 0;
        try {
            TreeMap<Long, Path> cycles = listCycles(queue);
            long total = 0;
            for (Path file : cycles.values()) {
                total += size(file);
            }
            for (Map.Entry<Long, Path> oldest : cycles.entrySet()) {
                long cycle = oldest.getKey();
                boolean overBound = retention.bounded() && total > retention.maxBytes();
                if (cycle >= checkpointCycle || (cycle >= lowestKept && !overBound)) {
                    break; // replay needs it, or the policy keeps it and the ones above
                }
                long size = size(oldest.getValue());
                TrimMarker.mark(queue.file().toPath()); // before the deletion: a crash between them leaves the marker
                if (Files.deleteIfExists(oldest.getValue())) {
                    deleted++;
                    total -= size;
                }
            }
        } catch (IOException e) {
            LOG.warn("journal {}: could not delete old cycles ({}); will try again at the next checkpoint",
                    queue.file(), e.toString());
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
            LOG.debug("journal {}: deleted {} cycle files below the checkpoint's cycle {}", queue.file(), deleted,
                    checkpointCycle);
        }
        return deleted;
    }

    /** The journal's cycle files by cycle, oldest first. */
    static TreeMap<Long, Path> listCycles(SingleChronicleQueue queue) throws IOException {
        DateTimeFormatter names = names(queue.rollCycle());
        TreeMap<Long, Path> cycles = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(queue.file().toPath(), "*" + SUFFIX)) {
            for (Path file : files) {
                Long cycle = cycleOf(file, names, queue.rollCycle());
                if (cycle != null) {
                    cycles.put(cycle, file);
                }
            }
        }
        return cycles;
    }

    private static long size(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** The cycle a file holds, or null for a file not named like one. */
    private static Long cycleOf(Path file, DateTimeFormatter names, RollCycle rollCycle) {
        String name = file.getFileName().toString();
        try {
            LocalDateTime start = LocalDateTime.parse(name.substring(0, name.length() - SUFFIX.length()), names);
            return start.toInstant(ZoneOffset.UTC).toEpochMilli() / rollCycle.lengthInMillis();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
