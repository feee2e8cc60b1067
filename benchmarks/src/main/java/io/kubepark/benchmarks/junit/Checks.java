package io.kubepark.benchmarks.junit;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** What each benchmark test checks, so that a cluster that is not there fails the run. */
final class Checks {
    private Checks() {
    }

    static void threeReadyNodes(KubernetesClient client) {
        List<Node> nodes = client.nodes().list().getItems();
        long ready = nodes.stream().filter(n -> n.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))).count();
        if (ready != 3) {
            throw new AssertionError("expected 3 Ready nodes, found " + ready + " of " + nodes.size());
        }
    }

    static void answers(KubernetesClient client) {
        if (client.nodes().list().getItems() == null) {
            throw new AssertionError("the mock server did not answer a list");
        }
    }
}
