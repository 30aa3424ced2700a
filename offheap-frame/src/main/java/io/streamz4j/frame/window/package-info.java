/**
 * Windows over frames: count and time windows holding retained frames, their aggregations, exponentially weighted means, and restartable state.
 */
package io.streamz4j.frame.window;
