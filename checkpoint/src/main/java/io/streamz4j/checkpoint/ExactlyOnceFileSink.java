package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A sink that writes each element of a {@link JournaledSource}'s pipeline to a file as one line,
 * exactly once across crashes and restarts: no line lost, none written twice. Each line starts
 * with the journal index of the element it came from ({@link JournalPosition#highestIndex} of its
 * metadata: a window's output takes its newest element's) as 16 hex digits and a tab, then the
 * element's text; {@link #readTexts} reads the texts back.
 *
 * <pre>{@code
 * JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG).build();
 * ExactlyOnceFileSink.builder(out, (Long x) -> Long.toString(x)).build(source.map(x -> x * 2), source);
 * source.start();
 * }</pre>
 *
 * <p>How: the sink is the source's {@link CheckpointListener}. Before a checkpoint is stored the
 * sink forces its file to disk, so a stored checkpoint never covers output the disk lacks. When it
 * opens its file it cuts off a last line a crash left without its newline and reads the highest
 * index written, {@code H}. When the source restarts from checkpoint {@code C}
 * ({@link #restored}), the sink counts the lines after the last one tagged {@code C} or lower:
 * {@code D} lines the replay of the elements after {@code C} produces again. It drops the first
 * {@code D} lines the replay brings, and writes everything after. Each moment of a crash:
 * <ul>
 * <li>After a line is written, before the file is forced: a process that dies leaves the line in
 * the operating system, which writes it out; the stored checkpoint is older, so the element is
 * replayed and its line counted in {@code D}. After a power cut the line may be gone, but then no
 * checkpoint covering it was stored (forcing comes first); {@code D} counts only what is left, so
 * the line is written again.
 * <li>In the middle of a line: the torn line is cut off at the next start; not counted, so the
 * element's line is written whole.
 * <li>After the file is forced, before the checkpoint is stored: the older checkpoint replays
 * elements whose lines are on disk; they are the {@code D} lines, dropped.
 * <li>After the checkpoint is stored: nothing it covers replays; its lines are on disk and not
 * counted.
 * <li>During a replay, or while the sink opens its file: the same cases again; cutting a torn
 * line and counting change nothing when done a second time.
 * </ul>
 * Lines without an index (the items of a {@code flatten} but its last, which carries the
 * element's metadata, as in streamz) are counted with the element whose tagged line follows them.
 *
 * <p>What it needs: the lines must reach the sink in journal order (any pipeline without branches
 * that merge again keeps it; buffers and windows do) and the replay must produce the same lines
 * in the same order as the first run, which every node that is deterministic given its input and
 * its restored snapshot does (a timed window is not: its output depends on when it ran). As a
 * guard, a replayed line tagged above {@code H} is never dropped: where a replay differs, the
 * sink errs towards writing a line twice, never towards losing one. The file belongs to one
 * journal: a sink on a new journal must get a new file. Each element's text must be one line.
 *
 * <p>Thread safety: {@link #update} runs on the pipeline thread that reaches the sink (the
 * emitting thread, or a buffer's); {@link #restored} on the thread starting the source, before
 * any element; the other listener methods on the thread storing a checkpoint. They share only the
 * file channel, which allows that; forcing covers every line whose write returned before, and an
 * element is done (so a checkpoint may cover it) only after its line's write returned. The file
 * is forced and closed when the sink is destroyed (as the pipeline's {@code close()} does, after
 * the source's last checkpoint).
 *
 * @param <T> the element type
 */
public final class ExactlyOnceFileSink<T> extends Stream<T> implements CheckpointListener {
    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceFileSink.class);

    private final Path file;
    private final Function<? super T, ? extends CharSequence> toText;
    private final FileChannel channel;
    /** How the source writes an index in messages. */
    private final LongFunction<String> describe;
    /** The highest index in the file at start: no replayed line above it is dropped; set at start. */
    private long recoveredIndex;
    /** Replayed lines still to drop (written before the restart); set at start, then pipeline thread only. */
    private long toDrop;
    private volatile boolean closed;

    private ExactlyOnceFileSink(Builder<T> b, Stream<? extends T> upstream, JournaledSource<?> source) {
        super(b.name, upstream);
        this.describe = source::describe;
        this.file = b.file;
        this.toText = b.toText;
        this.channel = open(file);
        try {
            // read now too, so a file that is not a sink's, or cannot be read, fails the build
            readBack();
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io ? new UncheckedIOException(kind() + " " + file
                    + ": cannot read back the file", io) : (RuntimeException) e;
        }
    }

    private static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("exactly_once_file_sink " + file + ": cannot open the file", e);
        }
    }

    /** A builder for a sink writing {@code file}, each element as the line {@code toText} makes of it. */
    public static <T> Builder<T> builder(Path file, Function<? super T, ? extends CharSequence> toText) {
        return new Builder<>(file, toText);
    }

    /**
     * The texts of the lines {@code file} holds, in order, without their journal indexes; a last
     * line without its newline (being written, or torn by a crash) is left out.
     */
    public static List<String> readTexts(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        List<String> texts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                texts.add(SinkLine.text(new String(content, start, i - start, StandardCharsets.UTF_8), file, start));
                start = i + 1;
            }
        }
        return texts;
    }

    /** Cuts off a torn last line, goes on writing after the last whole one, and reads the highest index written. */
    private SinkFileTail readBack() throws IOException {
        SinkFileTail tail = new SinkFileTail(channel, file);
        channel.position(tail.end());
        recoveredIndex = tail.highestIndex();
        return tail;
    }

    /**
     * Counts the lines the replay after {@code journalIndex} will bring again: they are dropped.
     * Read from the file at every start, so a start that failed halfway (lines written, then a
     * replayed element threw) is counted as it left the file.
     */
    @Override
    public void restored(long journalIndex) throws IOException {
        toDrop = readBack().linesAfter(journalIndex);
        if (toDrop > 0) {
            LOG.info("{}: {} line(s) follow the checkpoint at {}; the replay's first {} are dropped", this,
                    toDrop, journalIndex < 0 ? "the journal's start" : describe.apply(journalIndex), toDrop);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        long index = JournalPosition.highestIndex(metadata);
        if (toDrop > 0) {
            if (index <= recoveredIndex) { // untagged (-1) or written: the replay repeats the first run
                toDrop--;
                return;
            }
            toDrop = 0; // a line the first run never tagged: the replay went another way, so write from here
        }
        CharSequence text = toText.apply((T) x);
        if (text == null) {
            throw new IllegalArgumentException(this + ": toText returned null for " + x);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException(this + ": the text for an element must be one line, got '"
                        + text + "' for " + x);
            }
        }
        write(ByteBuffer.wrap((SinkLine.prefix(index) + text + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    private void write(ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(this + ": cannot write to " + file, e);
        }
    }

    /** Forces the file, so the checkpoint about to be stored covers no line the disk lacks. */
    @Override
    public void beforeCheckpointStored(long journalIndex) throws IOException {
        if (!closed) { // a closed sink forced its file when it closed
            channel.force(false);
        }
    }

    /** Forces and closes the file. */
    @Override
    protected void onDestroy() {
        closed = true;
        try (FileChannel toClose = channel) {
            toClose.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(this + ": cannot force and close " + file, e);
        }
    }

    @Override
    protected String kind() {
        return "exactly_once_file_sink";
    }

    @Override
    protected String parameter() {
        return file.toString();
    }

    @Override
    public String graphShape() {
        return "trapezium";
    }

    /**
     * Options of an {@link ExactlyOnceFileSink}.
     *
     * <p>Thread safety: none; build on one thread.
     */
    public static final class Builder<T> {
        private final Path file;
        private final Function<? super T, ? extends CharSequence> toText;
        private String name;

        private Builder(Path file, Function<? super T, ? extends CharSequence> toText) {
            this.file = Arguments.requireNonNull(file, "exactly_once_file_sink", "file");
            this.toText = Arguments.requireNonNull(toText, "exactly_once_file_sink", "toText");
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("exactly_once_file_sink: parameter 'file' " + file
                        + " is a directory");
            }
        }

        /** The sink's name, shown in logs and graphs. */
        public Builder<T> name(String sinkName) {
            this.name = Arguments.requireNonNull(sinkName, "exactly_once_file_sink", "name");
            return this;
        }

        /**
         * Builds the sink below {@code upstream}, whose elements come from {@code source}, and
         * registers it as the source's checkpoint listener; before {@code source.start()}.
         */
        public ExactlyOnceFileSink<T> build(Stream<? extends T> upstream, JournaledSource<?> source) {
            Arguments.requireNonNull(upstream, "exactly_once_file_sink", "upstream");
            Arguments.requireNonNull(source, "exactly_once_file_sink", "source");
            if (source.isStarted()) {
                throw new IllegalArgumentException("exactly_once_file_sink: parameter 'source' " + source
                        + " has started; build the sink before start(), which replays");
            }
            ExactlyOnceFileSink<T> sink = Stream.build(() -> new ExactlyOnceFileSink<>(this, upstream, source));
            source.onCheckpoint(sink);
            return sink;
        }
    }
}
