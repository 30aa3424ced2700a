/**
 * Frames in and out: Java rows and maps, JSON records (Jackson) and Arrow IPC bytes, each validated before memory is allocated. Reached through {@link io.streamz4j.frame.Frame}'s factories.
 */
package io.streamz4j.frame.io;
