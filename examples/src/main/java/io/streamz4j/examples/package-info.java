/**
 * Runnable samples, not API: each class has a {@code main} the README's commands start.
 */
package io.streamz4j.examples;
