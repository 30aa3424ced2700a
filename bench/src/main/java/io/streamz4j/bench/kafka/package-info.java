/**
 * The Kafka suite: messages per second from an in-process KRaft broker ({@link
 * io.streamz4j.bench.kafka.BenchBroker}) through a group-by sum of the topic's rows, for each
 * {@link io.streamz4j.bench.kafka.KafkaSide} (the plain consumer loop is the floor), run by
 * {@link io.streamz4j.bench.kafka.KafkaBench} and side by side with Python streamz's
 * {@code from_kafka_batched} by bench/compare-kafka.
 */
package io.streamz4j.bench.kafka;
