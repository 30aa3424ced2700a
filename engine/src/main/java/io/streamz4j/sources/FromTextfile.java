package io.streamz4j.sources;

import io.streamz4j.Arguments;
import io.streamz4j.runtime.EventLoop;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * streamz's {@code from_textfile}: emits the records of a text file as they are written, each
 * record being everything up to and including the delimiter ({@code "line\n"} by default). Each
 * poll reads everything new, as Python's {@code file.read()} does, emits the complete records,
 * and keeps a partial trailing record until a later poll completes it; a poll that found text
 * reads again at once, one that found nothing waits {@code pollInterval}. Stopping keeps the file
 * open where it was, so a new start resumes there; {@link #destroy()} closes it.
 *
 * <p>Like streamz, which opens the file in Python's text mode: the text is UTF-8, and newlines are
 * translated as Python's universal newlines translate them ({@code "\r\n"} and a lone
 * {@code "\r"} become {@code "\n"}; a {@code "\r"} at the end of what one poll reads becomes
 * {@code "\n"} at once), so a delimiter containing {@code "\r"} never matches, as in streamz.
 * With {@code fromEnd}, reading begins at the end the file had when this source was built (streamz
 * seeks there in its constructor), or when it first starts if the file did not exist yet. Two
 * deliberate differences: the file is opened at the first {@link #start()}, which fails naming the
 * file if it does not exist (streamz opens it in its constructor); and a multi-byte character cut
 * by the end of a poll waits for its remaining bytes, where Python raises UnicodeDecodeError.
 * Malformed bytes become U+FFFD.
 *
 * <p>Thread safety: {@link #start()}, {@link #stop()} and {@link #destroy()} from any thread; the
 * file is read, and every node below runs, on the pipeline's loop thread. Holds the open file, up
 * to 64 KiB of read buffers and the partial trailing record.
 */
public final class FromTextfile extends PollingSource<String> {
    private static final String KIND = "from_textfile";
    private static final int CHUNK = 64 * 1024;

    private final Path file;
    private final String delimiter;
    private final boolean fromEnd;
    /** With fromEnd: the file's size when this source was built, or -1 if it did not exist. */
    private final long endWhenBuilt;

    private final Object fileLock = new Object();
    /** Guarded by fileLock; opened at the first start, closed by destroy. */
    private RandomAccessFile handle;
    private boolean closed;

    // Loop thread only.
    private final ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
    private final CharBuffer chars = CharBuffer.allocate(CHUNK);
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Text read and not yet emitted: at most a partial record between polls. */
    private final StringBuilder pending = new StringBuilder();
    /** Where in {@code pending} a delimiter may start that has not been looked for yet. */
    private int unscanned;

    /** A source polling {@code file} on a loop of its own. */
    public FromTextfile(Path file, Duration pollInterval, String delimiter, boolean fromEnd) {
        super(KIND, pollInterval);
        this.file = Arguments.requireNonNull(file, KIND, "file");
        this.delimiter = checkedDelimiter(delimiter);
        this.fromEnd = fromEnd;
        this.endWhenBuilt = fromEnd ? sizeOrMinusOne(file) : -1;
    }

    /** A source polling {@code file} on {@code loop}. */
    public FromTextfile(Path file, Duration pollInterval, String delimiter, boolean fromEnd, EventLoop loop) {
        super(KIND, pollInterval, loop);
        this.file = Arguments.requireNonNull(file, KIND, "file");
        this.delimiter = checkedDelimiter(delimiter);
        this.fromEnd = fromEnd;
        this.endWhenBuilt = fromEnd ? sizeOrMinusOne(file) : -1;
    }

    private static String checkedDelimiter(String delimiter) {
        Arguments.requireNonNull(delimiter, KIND, "delimiter");
        if (delimiter.isEmpty()) {
            throw new IllegalArgumentException(KIND + ": parameter 'delimiter' must not be empty");
        }
        return delimiter;
    }

    private static long sizeOrMinusOne(Path file) {
        try {
            return Files.size(file);
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    /** Opens the file at the first start; a later start resumes where the last poll stopped. */
    @Override
    protected void open() {
        synchronized (fileLock) {
            if (handle != null) {
                return;
            }
            if (!Files.exists(file)) {
                throw new UncheckedIOException(KIND + ": file " + file + " does not exist",
                        new NoSuchFileException(file.toString()));
            }
            try {
                RandomAccessFile opened = new RandomAccessFile(file.toFile(), "r");
                if (fromEnd) {
                    opened.seek(endWhenBuilt >= 0 ? endWhenBuilt : opened.length());
                }
                handle = opened;
            } catch (IOException e) {
                throw new UncheckedIOException(KIND + ": cannot read file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** One poll: reads and emits until nothing new is left, or the source is stopped. */
    @Override
    protected void run() {
        emitRecords();
        while (!isStopped() && readNew()) {
            emitRecords();
        }
    }

    /** Emits every complete record in {@code pending}, keeping the rest. */
    private void emitRecords() {
        int from = 0;
        int at;
        while (!isStopped() && (at = pending.indexOf(delimiter, Math.max(from, unscanned))) >= 0) {
            int end = at + delimiter.length();
            String record = pending.substring(from, end);
            from = end;
            emitLogged(record);
        }
        boolean scannedToEnd = !isStopped();
        pending.delete(0, from);
        unscanned = scannedToEnd ? Math.max(0, pending.length() - delimiter.length() + 1) : 0;
    }

    /**
     * Appends everything written since the last read to {@code pending}, decoded and with
     * newlines translated; false if that added no text.
     */
    private boolean readNew() {
        int before = pending.length();
        boolean carriageReturn = false;
        while (true) {
            int n;
            synchronized (fileLock) {
                if (closed) {
                    break;
                }
                try {
                    n = handle.read(bytes.array(), bytes.position(), bytes.remaining());
                } catch (IOException e) {
                    throw new UncheckedIOException(KIND + ": cannot read file " + file + ": " + e.getMessage(), e);
                }
            }
            if (n < 0) {
                break;
            }
            bytes.position(bytes.position() + n);
            bytes.flip();
            decoder.decode(bytes, chars, false);
            bytes.compact();
            chars.flip();
            carriageReturn = translateNewlines(chars, carriageReturn);
            chars.clear();
        }
        if (carriageReturn) {
            pending.append('\n'); // Python decodes a read to its end with final=True
        }
        return pending.length() > before;
    }

    /** Python's universal newlines: "\r\n" and "\r" become "\n"; returns whether a "\r" is pending. */
    private boolean translateNewlines(CharBuffer text, boolean carriageReturn) {
        boolean cr = carriageReturn;
        for (int i = text.position(); i < text.limit(); i++) {
            char c = text.get(i);
            if (cr) {
                cr = false;
                pending.append('\n');
                if (c == '\n') {
                    continue;
                }
            }
            if (c == '\r') {
                cr = true;
            } else {
                pending.append(c);
            }
        }
        return cr;
    }

    /** The file this source reads. */
    public Path file() {
        return file;
    }

    @Override
    protected void onDestroy() {
        super.onDestroy();
        synchronized (fileLock) {
            closed = true;
            if (handle != null) {
                try {
                    handle.close();
                } catch (IOException e) {
                    reportFailure(null, e);
                }
                handle = null;
            }
        }
    }

    @Override
    protected String kind() {
        return KIND;
    }
}
