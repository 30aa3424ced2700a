package io.streamz4j.bench.scatter;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.streamz4j.transport.scatter.AeronSetup;
import io.streamz4j.transport.scatter.IdleStrategies;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The floor's far end, run as a process of its own: every message on the ping channel goes back
 * unchanged on the pong channel, straight from the subscription's log buffer (no copy, nothing
 * decoded), through the media driver at {@code --aeron-dir} (the measuring process's embedded
 * one, as workers use their coordinator's). The least any request-reply over Aeron can cost on
 * that channel kind and idle strategy (the transport's, {@link IdleStrategies}): no sequencing, no codecs, no gather.
 *
 * <p>Command line: {@code java -cp <class path> io.streamz4j.bench.scatter.AeronEcho --aeron-dir
 * <dir> --ping <channel> --pong <channel> [--idle backoff|yielding|sleeping|busy-spin]}. Prints
 * {@code READY} once subscribed and published; exits when its stdin closes (the measuring process
 * closed it or died).
 *
 * <p>Thread safety: the main thread runs the echo loop alone; a daemon thread only watches stdin.
 */
public final class AeronEcho {
    static final int PING_STREAM = 10;
    static final int PONG_STREAM = 11;

    private static volatile boolean running = true;

    private AeronEcho() {
    }

    public static void main(String[] args) {
        Args parsed = new Args(List.of(args));
        String dir = parsed.required("--aeron-dir");
        String ping = parsed.required("--ping");
        String pong = parsed.required("--pong");
        String idleName = parsed.get("--idle", IdleStrategies.DEFAULT);
        IdleStrategy pollIdle = IdleStrategies.parse(idleName);
        IdleStrategy offerIdle = IdleStrategies.parse(idleName);
        Thread watch = new Thread(AeronEcho::awaitStdinClosed, "echo-stdin");
        watch.setDaemon(true);
        watch.start();
        try (AeronSetup setup = AeronSetup.external(dir)) {
            run(setup.connect(), ping, pong, pollIdle, offerIdle);
        }
    }

    private static void run(Aeron aeron, String ping, String pong, IdleStrategy pollIdle, IdleStrategy offerIdle) {
        try (Subscription in = aeron.addSubscription(ping, PING_STREAM);
             ExclusivePublication out = aeron.addExclusivePublication(pong, PONG_STREAM)) {
            FragmentHandler echo = (buffer, offset, length, header) -> {
                long result;
                while ((result = out.offer(buffer, offset, length)) < 0) {
                    if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                        throw new IllegalStateException("echo: the pong publication refused for good: " + result);
                    }
                    offerIdle.idle();
                }
                offerIdle.reset();
            };
            System.out.println(JavaProcess.READY);
            System.out.flush();
            while (running) {
                pollIdle.idle(in.poll(echo, 16));
            }
        }
    }

    private static void awaitStdinClosed() {
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // nothing is sent on stdin; only its end matters
            }
        } catch (IOException ignored) {
            // a broken pipe is a closed one
        }
        running = false;
    }
}
