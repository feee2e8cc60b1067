package io.kubepark.benchmarks.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.junit.KubeParkTest;
import org.junit.jupiter.api.Test;

/** One KubePark cluster of 3 nodes for the class; its one test checks that the nodes are Ready. */
@KubeParkTest(nodes = 3)
public class KubeParkPerClass {
    @Test
    void threeNodesAreReady(KubernetesClient client) {
        Checks.threeReadyNodes(client);
    }
}
