package io.streamz4j.plugin;

import io.streamz4j.Stream;

/**
 * A test node, "exploding", whose constructor throws the exception it is given, before it is
 * connected: the registry must hand that very exception to the caller.
 *
 * <p>Thread safety: never constructed successfully.
 */
public final class ExplodingNode extends Stream<Object> {

    public ExplodingNode(Stream<?> upstream, Exception toThrow) throws Exception {
        super(null, fail(upstream, toThrow));
    }

    private static Stream<?> fail(Stream<?> upstream, Exception toThrow) throws Exception {
        throw toThrow;
    }
}
