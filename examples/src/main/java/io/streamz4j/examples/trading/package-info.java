/**
 * The trading example, not API: market data in, orders out, on the record path. {@code TradingExample}
 * is what the README's {@code exec:exec@trading} command starts.
 */
package io.streamz4j.examples.trading;
