package io.kubepark.benchmarks;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Collections;
import java.util.HashMap;

/**
 * Runs fabric8's {@link KubernetesMockServer} in CRUD mode (plain HTTP, loopback, a free port) as
 * a process of its own, so the {@link Harness} can measure it the same way it measures KubePark.
 *
 * <p>Prints exactly one line, {@code READY <port>}, to stdout once the server listens, then serves
 * until its stdin is closed (the harness closes it, or dies) or the process is killed.
 */
public final class MockServerMain {
    /** The line prefix the harness waits for. */
    public static final String READY = "READY ";

    private MockServerMain() {
    }

    /**
     * Starts the server and blocks until stdin reaches end of file.
     *
     * @param args ignored
     * @throws IOException if reading stdin fails
     */
    public static void main(String[] args) throws IOException {
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesCrudDispatcher(Collections.emptyList()),
                false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "mock-server-shutdown"));

        System.out.println(READY + server.getPort());
        System.out.flush();

        InputStream in = System.in;
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // Nothing is expected on stdin; it only tells us when the harness has gone.
        }
        System.exit(0); // runs the shutdown hook, which stops the server
    }
}
