package io.kubepark;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A cluster of its own for every test, and a fabric8 client of it over HTTP; virtual time unless overridden. */
abstract class WithCluster {
    protected KubePark park;
    protected KubernetesClient client;

    /** The cluster each test starts. */
    protected KubePark.Builder builder() {
        return KubePark.builder().virtualClock();
    }

    @BeforeEach
    void startCluster() {
        park = builder().start();
        client = Clients.fabric8(park);
    }

    @AfterEach
    void stopCluster() {
        client.close();
        park.close();
    }
}
