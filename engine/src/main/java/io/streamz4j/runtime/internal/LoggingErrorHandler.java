package io.streamz4j.runtime.internal;

import io.streamz4j.ErrorHandler;
import io.streamz4j.Stream;

import java.io.PrintStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * The error handler nodes use when none is set ({@link ErrorHandler#logging()}): one log record
 * per failure, naming the node and the element, with the stack trace. An embedder that puts no
 * SLF4J provider on the class path gets SLF4J's no-operation logger, which would swallow every
 * failure; then the record goes to {@code System.err} instead, so a failure is never invisible.
 *
 * <p>Thread safety: stateless; called on whichever thread the node failed.
 */
public final class LoggingErrorHandler implements ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Stream.class);
    /** The longest element text a record shows: an element may be a whole window. */
    private static final int ELEMENT_CHARS = 200;

    /** Logs through SLF4J, or on System.err when SLF4J has no provider. */
    public static final LoggingErrorHandler DEFAULT =
            new LoggingErrorHandler(LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory ? System.err : null);

    /** Where records go instead of SLF4J; null to log through SLF4J. */
    private final PrintStream fallback;

    LoggingErrorHandler(PrintStream fallback) {
        this.fallback = fallback;
    }

    @Override
    public void onError(Stream<?> node, Object element, Throwable error) {
        log(String.valueOf(node), element, error);
    }

    /** One record for a failure of {@code where}: a node's label, or a thread's name when no node owns it. */
    void log(String where, Object element, Throwable error) {
        String elementText = describe(element);
        if (fallback == null) {
            LOG.error("{} failed on element {}: {}", where, elementText, error.toString(), error);
        } else {
            synchronized (fallback) {
                fallback.println("ERROR streamz4j: " + where + " failed on element " + elementText + ": " + error);
                error.printStackTrace(fallback);
            }
        }
    }

    private static String describe(Object element) {
        String text;
        try {
            text = String.valueOf(element);
        } catch (RuntimeException e) {
            // the element's own toString failed: say what it is rather than lose the record
            text = element.getClass().getName() + " (toString failed: " + e + ")";
        }
        return text.length() <= ELEMENT_CHARS ? text : text.substring(0, ELEMENT_CHARS) + "...";
    }
}
