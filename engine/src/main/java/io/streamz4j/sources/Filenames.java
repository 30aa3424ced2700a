package io.streamz4j.sources;

import io.streamz4j.Arguments;
import io.streamz4j.runtime.EventLoop;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * streamz's {@code filenames}: emits the name of every file in a directory, or matching a glob
 * ({@code "dir/*.csv"}), once, as it appears. Each poll globs the pattern as Python's
 * {@code glob.glob} does (names starting with a dot are skipped unless the pattern's name starts
 * with one; subdirectories match too) and emits the names not seen before, sorted, each as the
 * glob writes it: the pattern's directory joined with the name. As in streamz, a path without
 * {@code *} that is a directory when this source is built becomes {@code path + "/*"}; any other
 * path is a pattern (or a plain name, emitted once it exists). A directory that does not exist
 * yields nothing, without error.
 *
 * <p>Thread safety: {@link #start()}, {@link #stop()} and {@link #destroy()} from any thread; the
 * directory is listed, and every node below runs, on the pipeline's loop thread. Holds every name
 * it has emitted, as streamz does, so each is emitted once for the life of the source.
 */
public final class Filenames extends PollingSource<String> {
    private static final String KIND = "filenames";

    private final String pattern;
    /** Loop thread only. */
    private final Set<String> seen = new HashSet<>();

    /** A source polling {@code pathOrGlob} on a loop of its own. */
    public Filenames(String pathOrGlob, Duration pollInterval) {
        super(KIND, pollInterval);
        this.pattern = pattern(pathOrGlob);
    }

    /** A source polling {@code pathOrGlob} on {@code loop}. */
    public Filenames(String pathOrGlob, Duration pollInterval, EventLoop loop) {
        super(KIND, pollInterval, loop);
        this.pattern = pattern(pathOrGlob);
    }

    /** streamz: a path without '*' that is a directory now globs everything in it. */
    private static String pattern(String path) {
        Arguments.requireNonNull(path, KIND, "pathOrGlob");
        if (path.indexOf('*') < 0 && isDirectory(path)) {
            return (path.endsWith("/") ? path : path + "/") + "*";
        }
        return path;
    }

    private static boolean isDirectory(String path) {
        try {
            return !path.isEmpty() && Files.isDirectory(Path.of(path));
        } catch (InvalidPathException | SecurityException e) {
            return false;
        }
    }

    /** One poll: emits, in sorted order, the matching names not emitted before. */
    @Override
    protected void run() {
        List<String> fresh = new ArrayList<>();
        for (String name : new LinkedHashSet<>(Glob.glob(pattern))) {
            if (!seen.contains(name)) {
                fresh.add(name);
            }
        }
        fresh.sort(Glob.CODE_POINT_ORDER);
        for (String name : fresh) {
            if (isStopped()) {
                return; // the names not emitted yet come at the next start
            }
            seen.add(name);
            emitLogged(name);
        }
    }

    /** The glob this source polls: the path given, or {@code path/*} for a directory. */
    public String pattern() {
        return pattern;
    }

    @Override
    protected String kind() {
        return KIND;
    }
}
