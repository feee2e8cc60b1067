package io.kubepark.junit.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.junit.Fixtures;
import io.kubepark.junit.KubePark;
import io.kubepark.junit.KubeParkTest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/** Four tests at once on one cluster, each in its own namespace, in two classes; run by ParallelExecutionTest. */
@KubeParkTest(nodes = 1)
public abstract class ParallelScenario {
    public static final int TESTS = 4;
    /** The namespaces and API URLs the tests of each class saw. */
    public static final Map<Class<?>, Set<String>> NAMESPACES = new ConcurrentHashMap<>();
    public static final Map<Class<?>, Set<String>> URLS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, CountDownLatch> ALL_RUNNING = new ConcurrentHashMap<>();

    public static final class First extends ParallelScenario {
    }

    public static final class Second extends ParallelScenario {
    }

    @RepeatedTest(TESTS)
    void eachTestSeesOnlyItsOwnNamespace(KubernetesClient client, KubePark park) throws InterruptedException {
        NAMESPACES.computeIfAbsent(getClass(), c -> ConcurrentHashMap.newKeySet()).add(park.namespace());
        URLS.computeIfAbsent(getClass(), c -> ConcurrentHashMap.newKeySet()).add(park.url());
        client.configMaps().resource(Fixtures.configMap("same-name", "owner", park.namespace())).create();
        CountDownLatch allRunning = ALL_RUNNING.computeIfAbsent(getClass(), c -> new CountDownLatch(TESTS));
        allRunning.countDown();
        assertThat(allRunning.await(60, TimeUnit.SECONDS)).as("all tests run at the same time").isTrue();
        assertThat(client.configMaps().withName("same-name").get().getData()).containsEntry("owner", park.namespace());
        assertThat(client.configMaps().list().getItems()).filteredOn(c -> c.getMetadata().getName().equals("same-name"))
                .hasSize(1);
        assertThat(park.timeline().filter(e -> e.kind().equals("ConfigMap"))).isNotEmpty()
                .allSatisfy(e -> assertThat(e.namespace()).isEqualTo(park.namespace()));
    }
}
