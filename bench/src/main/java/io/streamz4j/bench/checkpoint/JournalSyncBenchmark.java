package io.streamz4j.bench.checkpoint;

import io.streamz4j.checkpoint.Codecs;
import io.streamz4j.checkpoint.JournalSync;
import io.streamz4j.checkpoint.JournaledSource;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What each {@link JournalSync} policy costs the emitter: one 100-byte element per operation into a
 * {@link JournaledSource} (as {@link JournalBenchmark#journaled}, checkpoint stored every 100 ms by
 * the source's own thread), with the journal never forced ({@code NONE}), forced before each
 * checkpoint on the checkpoint thread ({@code BATCH}, the default) or forced after every append on
 * the emitting thread ({@code ELEMENT}). The cost of forcing depends on the disk under the
 * temporary directory (a tmpfs forces for free), so results name it.
 *
 * <p>The fork gets the same flags as {@link JournalBenchmark}'s (Chronicle's analytics off, the
 * --add-opens/--add-exports it needs on Java 17).
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
public class JournalSyncBenchmark {

    /** A journaled source under one sync policy, feeding a sink that consumes each element. */
    @State(Scope.Thread)
    public static class Synced extends JournalBenchmark.OnDisk {
        @Param({"NONE", "BATCH", "ELEMENT"})
        public String sync;
        JournaledSource<byte[]> source;

        @Setup(Level.Trial)
        public void setUp(Blackhole bh) throws IOException {
            createDir();
            source = JournaledSource.builder(dir, Codecs.BYTES).name("bench")
                    .checkpointInterval(Duration.ofMillis(Long.parseLong(JournalBenchmark.CHECKPOINT_INTERVAL_MS)))
                    .journalSync(JournalSync.valueOf(sync)).build();
            source.sink(bh::consume);
            source.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            source.destroy();
            deleteDir();
        }
    }

    /** Journal (forcing as the policy says), then emit with a reference counter. */
    @Benchmark
    public void emit(Synced state) {
        state.source.emit(state.payload);
    }
}
