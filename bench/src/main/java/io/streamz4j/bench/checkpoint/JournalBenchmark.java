package io.streamz4j.bench.checkpoint;

import io.streamz4j.Stream;
import io.streamz4j.checkpoint.Codecs;
import io.streamz4j.checkpoint.JournaledSource;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One 100-byte element per operation, three ways: {@link #journaled} emits it into a
 * {@link JournaledSource} (appended to a Chronicle queue, then emitted with a reference counter to a
 * sink that consumes it, which completes it; the checkpoint is stored every 100 ms, the default, by
 * the source's own thread); {@link #plain} emits it into a plain {@code Stream} with the same sink,
 * no journal; {@link #chronicleAppend} is the floor, a bare Chronicle append of the same 100 bytes.
 * Journals live in a fresh temporary directory on local disk, deleted at tear-down.
 *
 * <p>Scores are per element: ops/s by default, and latency percentiles with {@code -bm sample -tu ns}
 * (see bench/README.md, "Checkpoint journal").
 *
 * <p>The fork gets the flags of {@code streamz4j.jvm.flags} in the root pom (Chronicle's analytics
 * off, and the --add-opens/--add-exports Chronicle needs on Java 17), so the jar runs with no extra
 * flags; a command-line {@code -jvmArgsAppend} replaces these.
 *
 * <p>Thread safety: one JMH thread per state.
 */
@Fork(value = 1, jvmArgsAppend = {"-Dchronicle.analytics.disable=true",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalBenchmark {
    static final int PAYLOAD_BYTES = 100;
    /** What a user would set: the builder's default cadence, named so the run does not depend on it. */
    static final String CHECKPOINT_INTERVAL_MS = "100";

    /** The 100 bytes every side writes: random, so nothing compresses or short-cuts them. */
    static byte[] payload() {
        byte[] bytes = new byte[PAYLOAD_BYTES];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    /** A temporary directory on local disk, deleted (with the journal in it) at tear-down. */
    abstract static class OnDisk {
        Path dir;
        final byte[] payload = payload();

        void createDir() throws IOException {
            dir = Files.createTempDirectory("streamz4j-journal-bench");
        }

        void deleteDir() throws IOException {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A journaled source feeding a sink that consumes each element. */
    @State(Scope.Thread)
    public static class Journaled extends OnDisk {
        /** How often the source's thread stores the checkpoint; 0 (none) isolates that thread's cost. */
        @Param(CHECKPOINT_INTERVAL_MS)
        public long checkpointIntervalMs;
        JournaledSource<byte[]> source;

        @Setup(Level.Trial)
        public void setUp(Blackhole bh) throws IOException {
            createDir();
            source = open(dir, Duration.ofMillis(checkpointIntervalMs), bh::consume);
        }

        static JournaledSource<byte[]> open(Path dir, Duration checkpointInterval,
                java.util.function.Consumer<byte[]> sink) {
            JournaledSource<byte[]> source = JournaledSource.builder(dir, Codecs.BYTES)
                    .name("bench").checkpointInterval(checkpointInterval).build();
            source.sink(sink);
            source.start();
            return source;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            source.destroy();
            deleteDir();
        }
    }

    /** The same sink behind a plain stream: emit without a journal. */
    @State(Scope.Thread)
    public static class Plain {
        final byte[] payload = payload();
        Stream<byte[]> source;

        @Setup(Level.Trial)
        public void setUp(Blackhole bh) {
            source = new Stream<>();
            source.sink(bh::consume);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            source.destroy();
        }
    }

    /** A bare Chronicle queue with the journal's roll cycle and appender settings. */
    @State(Scope.Thread)
    public static class Chronicle extends OnDisk {
        SingleChronicleQueue queue;
        ExcerptAppender appender;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            createDir();
            queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_DAILY).build();
            appender = queue.createAppender();
            appender.singleThreadedCheckDisabled(true);
        }

        void append(byte[] bytes) {
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().write(bytes);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            appender.close();
            queue.close();
            deleteDir();
        }
    }

    /** Journal, then emit with a reference counter; the checkpoint follows as the sink completes it. */
    @Benchmark
    public void journaled(Journaled state) {
        state.source.emit(state.payload);
    }

    /** The same emit and sink with no journal. */
    @Benchmark
    public void plain(Plain state) {
        state.source.emit(state.payload);
    }

    /** The floor: a bare Chronicle append of the same 100 bytes. */
    @Benchmark
    public void chronicleAppend(Chronicle state) {
        state.append(state.payload);
    }
}
