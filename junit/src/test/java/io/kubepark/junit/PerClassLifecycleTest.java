package io.kubepark.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A static registration: one cluster for the class, a fresh namespace and reset cluster-scoped state per test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassLifecycleTest {
    @RegisterExtension
    static final KubeParkExtension KUBE = KubeParkExtension.builder().nodes(2).build();

    private static final List<String> URLS = new ArrayList<>();
    private static String firstNamespace;

    @Test
    @Order(1)
    void firstTestLeavesClusterScopedStateBehind(KubePark park, KubernetesClient client) {
        URLS.add(park.url());
        firstNamespace = park.namespace();
        park.create("""
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata:
                  name: scratch
                provisioner: kubepark.io/hostpath
                """);
        park.faults().stopNode("node-2");
        park.faults().failRequests("list", "secrets", 500, 0);
        assertThat(client.storage().v1().storageClasses().withName("scratch").get()).isNotNull();
    }

    @Test
    @Order(2)
    void theNextTestSharesTheClusterButNotItsState(KubePark park, KubernetesClient client) {
        URLS.add(park.url());
        assertThat(URLS).hasSize(2).containsOnly(URLS.get(0));
        assertThat(park.namespace()).isNotEqualTo(firstNamespace);
        var first = client.namespaces().withName(firstNamespace).get();
        assertThat(first == null || first.getMetadata().getDeletionTimestamp() != null)
                .as("the first test's namespace is gone or going").isTrue();
        assertThat(client.storage().v1().storageClasses().withName("scratch").get()).isNull();
        assertThat(client.secrets().list().getItems()).isEmpty();
        assertThat(client.nodes().withName("node-2").get().getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
    }
}
