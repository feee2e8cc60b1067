package io.kubepark.controllers.dns;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;

/**
 * The cluster DNS on UDP and TCP, one port for both, served by Vert.x. Parsing and answering (which reads the
 * store) run on a worker; the event loop only moves bytes. A UDP answer longer than the client can take (512
 * bytes, or its EDNS size) is truncated with TC set, so the client retries over TCP.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DnsServer.class.getName());

    private final Vertx vertx;
    private final ClusterDns dns;
    private final DnsView view;
    private DatagramSocket udp;
    private NetServer tcp;
    private int port;

    public DnsServer(Vertx vertx, ClusterDns dns, DnsView view) {
        this.vertx = vertx;
        this.dns = dns;
        this.view = view;
    }

    /**
     * Listens on {@code port} (0: a free one, the same for UDP and TCP) and returns the port. Blocks the calling
     * thread, which must not be an event loop.
     */
    public int start(String host, int port) {
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket socket = vertx.createDatagramSocket();
            try {
                socket = await(socket.listen(port, host));
                int udpPort = socket.localAddress().port();
                NetServer server = vertx.createNetServer().connectHandler(this::connection);
                this.tcp = await(server.listen(udpPort, host));
                this.udp = socket;
                udp.handler(packet -> answer(packet.data().getBytes(), true).onSuccess(bytes ->
                        udp.send(Buffer.buffer(bytes), packet.sender().port(), packet.sender().host())));
                this.port = udpPort;
                return udpPort;
            } catch (RuntimeException e) {
                socket.close();
                if (port != 0) {
                    throw new IllegalStateException("cannot serve DNS on " + host + ":" + port + ": " + e.getMessage(), e);
                }
                // the free UDP port was taken for TCP: try another one
            }
        }
        throw new IllegalStateException("found no port free for both UDP and TCP DNS on " + host);
    }

    public int port() {
        return port;
    }

    private void connection(NetSocket socket) {
        RecordParser parser = RecordParser.newFixed(2);
        boolean[] readingLength = {true};
        parser.handler(chunk -> {
            if (readingLength[0]) {
                parser.fixedSizeMode(((chunk.getByte(0) & 0xFF) << 8) | (chunk.getByte(1) & 0xFF));
                readingLength[0] = false;
            } else {
                parser.fixedSizeMode(2);
                readingLength[0] = true;
                answer(chunk.getBytes(), false).onSuccess(bytes -> {
                    Buffer framed = Buffer.buffer(bytes.length + 2);
                    framed.appendUnsignedShort(bytes.length).appendBytes(bytes);
                    socket.write(framed);
                });
            }
        });
        socket.handler(parser);
        socket.exceptionHandler(e -> LOG.log(Level.FINE, "DNS over TCP failed", e));
    }

    /** Parses, answers and encodes on a worker; a message that does not parse gets FORMERR when its id can be read. */
    private Future<byte[]> answer(byte[] wire, boolean udpTransport) {
        return vertx.executeBlocking(() -> {
            Message query;
            try {
                query = new Message(wire);
            } catch (IOException e) {
                if (wire.length < 12) {
                    throw new IllegalArgumentException("not a DNS message");
                }
                Message error = new Message(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
                error.getHeader().setFlag(Flags.QR);
                error.getHeader().setRcode(Rcode.FORMERR);
                return error.toWire();
            }
            Message response = dns.answer(query, view);
            if (!udpTransport) {
                return response.toWire();
            }
            OPTRecord opt = query.getOPT();
            int max = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
            return response.toWire(max);
        }, false);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting DNS", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }
}
