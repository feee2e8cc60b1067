package io.kubepark.benchmarks.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.junit.KubeParkExtension;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A KubePark cluster of 3 nodes for every test. */
public class KubeParkPerTest {
    @RegisterExtension
    final KubeParkExtension kube = KubeParkExtension.builder().nodes(3).build();

    @RepeatedTest(ExtensionStart.TESTS)
    void threeNodesAreReady(KubernetesClient client) {
        Checks.threeReadyNodes(client);
    }
}
