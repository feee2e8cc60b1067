package io.kubepark.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Scenarios that share one cluster per class: {@code kubepark serve}, or the cluster of a given kubeconfig. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterScenarios {
    protected Cluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = Cluster.start();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }
}
