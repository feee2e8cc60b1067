package io.kubepark.junit;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** fabric8 clients, of whatever fabric8 version the test brings (6.x to 8.x share these calls). */
final class Fabric8Clients {
    private Fabric8Clients() {
    }

    static KubernetesClient client(String kubeconfig, String namespace) {
        Config config = Config.fromKubeconfig(kubeconfig);
        config.setNamespace(namespace);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    static void createNamespace(String kubeconfig, String name) {
        try (KubernetesClient client = client(kubeconfig, "default")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .addToLabels("app.kubernetes.io/created-by", "kubepark-junit").endMetadata().build()).create();
        }
    }

    static void deleteNamespace(String kubeconfig, String name) {
        try (KubernetesClient client = client(kubeconfig, "default")) {
            client.namespaces().withName(name).delete();
        }
    }
}
