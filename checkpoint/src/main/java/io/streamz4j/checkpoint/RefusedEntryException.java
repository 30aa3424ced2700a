package io.streamz4j.checkpoint;

/**
 * Thrown by a journal's reader for an entry whose bytes are intact (its hash matches) but are not
 * an element it can read as its own: a record whose header names another layout (schema,
 * template, version or block length) or whose length is not the layout's. The replay treats it as
 * a damaged entry, as the source's {@link DamagedEntryPolicy} says (dead-lettered with this
 * exception's message, or the start stops), and never decodes its bytes.
 *
 * <p>Thread safety: an exception; not shared.
 */
public final class RefusedEntryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RefusedEntryException(String reason) {
        super(reason);
    }
}
