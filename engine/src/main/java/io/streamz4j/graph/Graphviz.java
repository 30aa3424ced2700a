package io.streamz4j.graph;

import io.streamz4j.Stream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Draws a pipeline's graph to an image with Graphviz's {@code dot} program (streamz's
 * {@code visualize}). The format follows the file's extension.
 *
 * <p>Thread safety: stateless; each call runs its own {@code dot} process and waits for it.
 */
public final class Graphviz {
    private static final Set<String> FORMATS = Set.of("png", "svg", "pdf", "jpg", "jpeg", "gif", "dot");
    private static final String INSTALL_HINT = "Graphviz's 'dot' program is needed to draw a pipeline: "
            + "install it (Debian/Ubuntu: apt-get install graphviz; Fedora: dnf install graphviz; "
            + "macOS: brew install graphviz) or call toDot() and render the text elsewhere";

    private Graphviz() {
    }

    /** Writes the graph of {@code stream} to {@code file} and returns the file. */
    public static Path render(Stream<?> stream, Path file) {
        Objects.requireNonNull(file, "visualize: parameter 'file' must not be null");
        String format = formatOf(file);
        String dot = Dot.render(stream);
        Process process;
        try {
            process = new ProcessBuilder(List.of("dot", "-T" + format, "-o", file.toString()))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(INSTALL_HINT + " (" + e.getMessage() + ")", e);
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(dot.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException("visualize: cannot send the graph to dot", e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("visualize: dot did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("visualize: dot failed with exit code " + process.exitValue()
                        + ": " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("visualize: cannot read dot's output", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("visualize: interrupted while waiting for dot", e);
        }
        return file;
    }

    private static String formatOf(Path file) {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(extension)) {
            throw new IllegalArgumentException("visualize: parameter 'file' must end in one of " + FORMATS
                    + ", got " + file);
        }
        return extension;
    }
}
