/**
 * Public API: the local sources ({@code FromIterable}, {@code FromTextfile}, {@code Filenames},
 * {@code FromProcess}, {@code FromQueue}, {@code FromPeriodic}, the thread-safe source) and
 * {@link io.streamz4j.sources.PollingSource}, the base of a source that polls on its pipeline's
 * loop. {@code Glob} and {@code ShellWords} are package-private helpers.
 */
package io.streamz4j.sources;
