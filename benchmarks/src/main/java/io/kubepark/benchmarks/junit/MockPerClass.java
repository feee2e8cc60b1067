package io.kubepark.benchmarks.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/** fabric8's mock server in CRUD mode, one for the class (a static client field). It has no nodes. */
@EnableKubernetesMockClient(crud = true)
public class MockPerClass {
    static KubernetesClient client;

    @Test
    void listsNodes() {
        Checks.answers(client);
    }
}
