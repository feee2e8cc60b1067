package io.kubepark.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A StatefulSet's ordering and identity through the fabric8 client, on wall time: an OrderedReady set of three
 * with a headless Service and a claim template {@code data} of the default StorageClass. Each test has a
 * namespace of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Fabric8StatefulSetTest {
    /** Long enough for a real cluster to pull the image and provision three volumes. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Map<String, String> LABELS = Map.of("app", "web");

    private Cluster cluster;
    private KubernetesClient client;
    private String ns;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = Cluster.start();
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig()))).build();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void createNamespace() {
        ns = client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withGenerateName("fabric8-sts-")
                .endMetadata().build()).create().getMetadata().getName();
    }

    @AfterEach
    void deleteNamespace() {
        client.namespaces().withName(ns).delete();
    }

    @Test
    void eachPodIsCreatedOnlyOnceThePreviousIsRunningAndReady() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Watch watch = client.pods().inNamespace(ns).watch(new Recorder(seen))) {
            createWeb(client, ns);
            await().atMost(PATIENCE).until(() -> seen.contains("Ready web-2"));
        }
        assertThat(seen).containsExactly("ADDED web-0", "Ready web-0", "ADDED web-1", "Ready web-1",
                "ADDED web-2", "Ready web-2");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                client.persistentVolumeClaims().inNamespace(ns).list().getItems())
                .extracting(c -> c.getMetadata().getName() + " " + c.getStatus().getPhase())
                .containsExactlyInAnyOrder("data-web-0 Bound", "data-web-1 Bound", "data-web-2 Bound"));
    }

    @Test
    void replacedPodKeepsItsNameAndClaim() {
        createWeb(client, ns);
        await().atMost(PATIENCE).until(this::readyReplicas, n -> n == 3);
        String oldUid = client.pods().inNamespace(ns).withName("web-1").get().getMetadata().getUid();
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(ns).withName("data-web-1").get();

        client.pods().inNamespace(ns).withName("web-1").delete();

        await().atMost(PATIENCE).untilAsserted(() -> {
            Pod pod = client.pods().inNamespace(ns).withName("web-1").get();
            assertThat(pod).isNotNull();
            assertThat(pod.getMetadata().getUid()).isNotEqualTo(oldUid);
            assertThat(isRunningAndReady(pod)).as("web-1 Running and Ready").isTrue();
        });
        Pod replaced = client.pods().inNamespace(ns).withName("web-1").get();
        assertThat(replaced.getSpec().getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("data");
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-web-1");
        });
        assertThat(replaced.getSpec().getContainers().get(0).getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getName()).isEqualTo("data"));
        assertThat(client.persistentVolumeClaims().inNamespace(ns).withName("data-web-1").get().getMetadata()
                .getUid()).as("the same claim").isEqualTo(claim.getMetadata().getUid());
    }

    /** The headless Service web and a 3-replica StatefulSet web with a 1Gi claim per pod, in {@code ns}. */
    static void createWeb(KubernetesClient client, String ns) {
        client.services().inNamespace(ns).resource(new ServiceBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withClusterIP("None").withSelector(LABELS)
                .addNewPort().withName("web").withPort(80).endPort().endSpec()
                .build()).create();
        client.apps().statefulSets().inNamespace(ns).resource(new StatefulSetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(3).withServiceName("web").withPodManagementPolicy("OrderedReady")
                .withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata()
                .withNewSpec().addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10")
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .endContainer().endSpec().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources()
                .endSpec().endVolumeClaimTemplate()
                .endSpec()
                .build()).create();
    }

    private int readyReplicas() {
        StatefulSetStatus status = client.apps().statefulSets().inNamespace(ns).withName("web").get().getStatus();
        return status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    }

    private static boolean isRunningAndReady(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()) && Readiness.isPodReady(pod);
    }

    /** Writes "ADDED name" for each ADDED event and "Ready name" the first time each pod is Running and Ready. */
    private static final class Recorder implements Watcher<Pod> {
        private final List<String> seen;
        private final Set<String> readyUids = new HashSet<>();

        Recorder(List<String> seen) {
            this.seen = seen;
        }

        @Override
        public void eventReceived(Action action, Pod pod) {
            String name = pod.getMetadata().getName();
            if (action == Action.ADDED) {
                seen.add("ADDED " + name);
            }
            if (isRunningAndReady(pod) && readyUids.add(pod.getMetadata().getUid())) {
                seen.add("Ready " + name);
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            seen.add("watch closed: " + cause.getMessage());
        }
    }
}
