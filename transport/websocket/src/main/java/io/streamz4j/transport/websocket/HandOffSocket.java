package io.streamz4j.transport.websocket;

import javax.net.SocketFactory;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

/**
 * The plain TCP socket of a {@link ToWebsocket}'s client, whose output stream tells the
 * {@link HandOff} each buffer the library's writer thread has written, and names that thread
 * (the library names it itself and offers no factory) so the sink's threads can be found and
 * waited for.
 *
 * <p>Thread safety: made and connected on the client's reader thread; its output stream is written
 * by the library's writer thread only, which {@link #writer()} returns once it has written.
 */
final class HandOffSocket extends Socket {
    private final HandOff handOff;
    private final String writerName;
    private volatile Thread writer;

    HandOffSocket(HandOff handOff, String writerName) {
        this.handOff = handOff;
        this.writerName = writerName;
    }

    /** The library's writer thread, once it has written the handshake; null before. */
    Thread writer() {
        return writer;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return new FilterOutputStream(super.getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (writer == null) {
                    Thread current = Thread.currentThread();
                    current.setName(writerName);
                    writer = current;
                }
                out.write(b, off, len);
                handOff.written(b);
            }
        };
    }

    /** Makes the sink's socket: what the client asks its socket factory for. */
    static SocketFactory factory(HandOff handOff, String writerName) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new HandOffSocket(handOff, writerName);
            }

            @Override
            public Socket createSocket(String host, int port) {
                throw new UnsupportedOperationException("the client connects an unconnected socket");
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                throw new UnsupportedOperationException("the client connects an unconnected socket");
            }

            @Override
            public Socket createSocket(InetAddress host, int port) {
                throw new UnsupportedOperationException("the client connects an unconnected socket");
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
                throw new UnsupportedOperationException("the client connects an unconnected socket");
            }
        };
    }
}
