package io.streamz4j.sinks;

import io.streamz4j.Arguments;
import io.streamz4j.Sink;
import io.streamz4j.Stream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * streamz's {@code sink_to_textfile}: writes each element's text followed by {@code end} to a file,
 * in UTF-8. Each element is flushed as it is written, so an element the sink accepted is in the
 * file even if the process dies next. The file is closed by {@link #destroy()}, or by {@link #close()}
 * of the pipeline.
 *
 * <p>Thread safety: writes on the thread that emits into its upstream.
 */
public final class TextfileSink<T> extends Sink<T> {
    private final Path file;
    private final String end;
    private final BufferedWriter out;

    public TextfileSink(Stream<? extends T> upstream, Path file, String end, boolean append) {
        super(null, checked(upstream, file, end));
        this.file = file;
        this.end = end;
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            destroy();
            throw new UncheckedIOException("sink_to_textfile: cannot open " + file, e);
        }
    }

    /** Rejects missing arguments before the base constructor connects the node to {@code upstream}. */
    private static <U extends Stream<?>> U checked(U upstream, Path file, String end) {
        Arguments.requireNonNull(file, "sink_to_textfile", "file");
        Arguments.requireNonNull(end, "sink_to_textfile", "end");
        return upstream;
    }

    @Override
    protected void accept(T x) {
        try {
            out.write(String.valueOf(x));
            out.write(end);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(this + ": cannot write to " + file, e);
        }
    }

    /** Closes the file. */
    @Override
    protected void onDestroy() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(this + ": cannot close " + file, e);
        }
    }

    @Override
    protected String kind() {
        return "sink_to_textfile";
    }
}
