package io.streamz4j;

import java.util.concurrent.CompletableFuture;

/**
 * The one already-completed future that {@link Stream#emitAsync} returns when nothing is
 * asynchronous, so the synchronous path allocates nothing. Being shared, it refuses to be
 * overwritten.
 *
 * <p>Thread safety: immutable after construction.
 */
final class CompletedFuture extends CompletableFuture<Void> {
    static final CompletedFuture INSTANCE = new CompletedFuture();

    private CompletedFuture() {
        super.complete(null);
    }

    @Override
    public void obtrudeValue(Void value) {
        throw new UnsupportedOperationException("the shared completed future cannot be changed");
    }

    @Override
    public void obtrudeException(Throwable ex) {
        throw new UnsupportedOperationException("the shared completed future cannot be changed");
    }
}
