package io.kubepark.cli;

import io.kubepark.KubePark;
import io.kubepark.KubeParkOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubepark serve}: runs a cluster until Ctrl-C and writes a kubeconfig for it. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the Kubernetes API until interrupted, and write a kubeconfig for it.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = KubeParkOptions.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "6443",
            description = "Port to listen on; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--kubeconfig", defaultValue = "kubeconfig",
            description = "Where to write the kubeconfig (default: ${DEFAULT-VALUE} in the working directory).")
    Path kubeconfig;

    /** Builds the options this command line describes. */
    KubeParkOptions options() {
        return new KubeParkOptions(host, port, KubeParkOptions.DEFAULT_HISTORY, Clock.systemUTC());
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KubePark park;
        try {
            park = KubePark.start(options());
        } catch (IllegalStateException | IllegalArgumentException e) {
            err.println("kubepark: " + e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            park.close();
            stopped.countDown();
        }, "kubepark-shutdown"));
        Path file = park.writeKubeconfig(kubeconfig).toAbsolutePath();
        out.println("KubePark " + Main.VERSION + " serves the Kubernetes v1.33 API at " + park.url());
        out.println("kubeconfig (context kubepark) written to " + file);
        out.println();
        out.println("  export KUBECONFIG=" + file);
        out.println("  kubectl get namespaces");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}
