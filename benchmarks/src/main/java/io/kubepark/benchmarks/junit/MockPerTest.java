package io.kubepark.benchmarks.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.RepeatedTest;

/** fabric8's mock server in CRUD mode, one for every test (an instance client field). */
@EnableKubernetesMockClient(crud = true)
public class MockPerTest {
    KubernetesClient client;

    @RepeatedTest(ExtensionStart.TESTS)
    void listsNodes() {
        Checks.answers(client);
    }
}
