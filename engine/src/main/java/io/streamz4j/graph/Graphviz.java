package io.streamz4j.graph;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import io.streamz4j.runtime.Threads;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Draws a pipeline's graph to an image with Graphviz's {@code dot} program (streamz's
 * {@code visualize}). The format follows the file's extension: png, svg, pdf, jpg, jpeg, gif or
 * dot. Unlike streamz, a file name without one of these extensions is an error rather than a
 * silent {@code .png} added to it.
 *
 * <p>Thread safety: stateless; each call runs its own {@code dot} process and waits for it.
 */
public final class Graphviz {
    private static final Set<String> FORMATS = Set.of("png", "svg", "pdf", "jpg", "jpeg", "gif", "dot");
    private static final String PROGRAM = "dot";
    private static final long TIMEOUT_SECONDS = 60;
    static final String INSTALL_HINT = "Graphviz's 'dot' program is needed to draw a pipeline: "
            + "install it (Debian/Ubuntu: apt-get install graphviz; Fedora: dnf install graphviz; "
            + "macOS: brew install graphviz) or call toDot() and render the text elsewhere";

    private Graphviz() {
    }

    /** Writes the graph of {@code stream} to {@code file} and returns the file. */
    public static Path render(Stream<?> stream, Path file) {
        return render(stream, file, Map.of(), PROGRAM);
    }

    /**
     * Writes the graph of {@code stream} to {@code file} with graph attributes such as
     * {@code rankdir=LR} (streamz: {@code visualize(filename, rankdir='LR')}) and returns the file.
     */
    public static Path render(Stream<?> stream, Path file, Map<String, String> graphAttributes) {
        return render(stream, file, graphAttributes, PROGRAM);
    }

    /** {@link #render(Stream, Path)} running {@code program} instead of {@code dot}; for tests. */
    static Path render(Stream<?> stream, Path file, String program) {
        return render(stream, file, Map.of(), program);
    }

    private static Path render(Stream<?> stream, Path file, Map<String, String> graphAttributes, String program) {
        Arguments.requireNonNull(stream, "visualize", "stream");
        Arguments.requireNonNull(file, "visualize", "file");
        String format = formatOf(file);
        byte[] dot = Dot.render(stream, graphAttributes).getBytes(StandardCharsets.UTF_8);
        Process process;
        try {
            process = new ProcessBuilder(List.of(program, "-T" + format, "-o", file.toAbsolutePath().toString()))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(INSTALL_HINT + " (" + e.getMessage() + ")", e);
        }
        // dot's messages are drained on their own thread, so that neither a chatty dot nor one that
        // hangs can block this one past the timeout.
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        // A blocking read needs a thread even in invoker mode: the process default's factory makes it.
        Thread drain = Threads.getDefault().newThread("streamz4j-graphviz-output", () -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException ignored) {
                // the process is gone; what was read is reported
            }
        });
        drain.start();
        IOException sendFailure = null;
        try (OutputStream in = process.getOutputStream()) {
            in.write(dot);
        } catch (IOException e) {
            sendFailure = e; // dot exited early: its exit code and message say why
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("visualize: dot did not finish within " + TIMEOUT_SECONDS + " s");
            }
            drain.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("visualize: interrupted while waiting for dot", e);
        }
        String message = output.toString(StandardCharsets.UTF_8).trim(); // ByteArrayOutputStream locks itself
        if (process.exitValue() != 0) {
            throw new IllegalStateException("visualize: dot failed with exit code " + process.exitValue()
                    + " writing " + file + ": " + message);
        }
        if (sendFailure != null) {
            throw new UncheckedIOException("visualize: cannot send the graph to dot", sendFailure);
        }
        return file;
    }

    private static String formatOf(Path file) {
        Path name = file.getFileName();
        String fileName = name == null ? "" : name.toString();
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(extension)) {
            throw new IllegalArgumentException("visualize: parameter 'file' must end in one of "
                    + new TreeSet<>(FORMATS) + ", got " + file);
        }
        return extension;
    }
}
