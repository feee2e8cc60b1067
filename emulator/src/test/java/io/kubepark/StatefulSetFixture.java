package io.kubepark;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.kubelet.ContainerBehaviour;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The e2e suite's StatefulSet fixture, on a virtual clock: a set {@code ss} with labels {@code foo: bar, baz: blah}
 * and service {@code test}, optionally with the claim template {@code datadir} (provisioned by the default class);
 * pods paused (never ready) and resumed by scripting their container.
 */
final class StatefulSetFixture {
    static final String NS = "default";
    static final Map<String, String> LABELS = Map.of("foo", "bar", "baz", "blah");

    final KubePark park;
    final KubernetesClient client;

    StatefulSetFixture(KubePark park, KubernetesClient client) {
        this.park = park;
        this.client = client;
    }

    /** A set of {@code replicas} nginx pods; {@code claims} adds the {@code datadir} template. */
    static StatefulSetBuilder set(String name, int replicas, boolean claims) {
        StatefulSetBuilder b = new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withReplicas(replicas).withServiceName("test").withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata().withNewSpec().addNewContainer()
                .withName("webserver").withImage("nginx:1.27").endContainer().endSpec().endTemplate().endSpec();
        if (claims) {
            b.editSpec().addNewVolumeClaimTemplate().withNewMetadata().withName("datadir").endMetadata().withNewSpec()
                    .withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("1Gi"))
                    .endResources().endSpec().endVolumeClaimTemplate().endSpec();
        }
        return b;
    }

    /** A set of three with the claim template and the given claim retention policy. */
    static StatefulSetBuilder setRetaining(String whenDeleted, String whenScaled) {
        return set("ss", 3, true).editSpec().withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted(whenDeleted)
                .withWhenScaled(whenScaled).endPersistentVolumeClaimRetentionPolicy().endSpec();
    }

    StatefulSet create(StatefulSetBuilder builder) {
        return client.apps().statefulSets().inNamespace(NS).resource(builder.build()).create();
    }

    StatefulSet get(String name) {
        return client.apps().statefulSets().inNamespace(NS).withName(name).get();
    }

    Pod pod(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    /** The set's pods by ordinal. */
    List<Pod> pods(String set) {
        return client.pods().inNamespace(NS).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().matches(set + "-\\d+"))
                .sorted(Comparator.comparingInt(p -> ordinal(p.getMetadata().getName()))).toList();
    }

    List<String> podNames(String set) {
        return pods(set).stream().map(p -> p.getMetadata().getName()).toList();
    }

    static int ordinal(String pod) {
        return Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1));
    }

    static boolean ready(Pod pod) {
        return pod != null && "Running".equals(pod.getStatus().getPhase()) && pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    /** The pod's container stays unready from now on (a broken readiness probe). */
    void pause(String pod) {
        park.behave(NS, pod, Map.of("webserver", ContainerBehaviour.UNSET.withReadyAfter(ContainerBehaviour.NEVER)));
    }

    /** The pod's container is ready again. */
    void resume(String pod) {
        park.behave(NS, pod, Map.of("webserver", ContainerBehaviour.UNSET.withReadyAfter(Duration.ZERO)));
    }

    /**
     * Lets the control plane run, binding pending claims as a provisioner would, until nothing changes at the current
     * time; then moves the clock by {@code step} and does it again, {@code times} times.
     */
    void settle(int times, Duration step) {
        for (int i = 0; i < times; i++) {
            settle();
            park.advance(step);
        }
        settle();
    }

    /**
     * Runs the control plane to rest, letting virtual time pass a second at a time until
     * ten seconds in a row change nothing but heartbeats (at most two minutes): enough for retry back-offs and
     * short stop delays, not for the longer waits tests make on purpose.
     */
    void settle() {
        int quietSeconds = 0;
        for (int second = 0; second < 120 && quietSeconds < 10; second++) {
            long before = park.api().store().revision();
            park.awaitIdle();
            park.advance(Duration.ofSeconds(1));
            park.awaitIdle();
            quietSeconds = quiet(before) ? quietSeconds + 1 : 0;
        }
    }

    /** Nothing but heartbeats was written since {@code revision}. */
    private boolean quiet(long revision) {
        var leases = park.api().type("coordination.k8s.io", "v1", "leases");
        var nodes = park.api().type("", "v1", "nodes");
        for (var type : park.api().registry().all()) {
            if (type.equals(leases) || type.equals(nodes) || !type.supports("list")) {
                continue;
            }
            for (var o : park.api().store().list(type, io.kubepark.apiserver.store.Query.all(), 0, null).items()) {
                if (o.resourceVersion() > revision) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Sets the image of the set's template. */
    void image(String set, String image) {
        client.apps().statefulSets().inNamespace(NS).withName(set).edit(s -> {
            s.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            return s;
        });
    }

    String imageOf(Pod pod) {
        return Objects.requireNonNull(pod).getSpec().getContainers().get(0).getImage();
    }

    static String revisionOf(Pod pod) {
        return pod.getMetadata().getLabels().get("controller-revision-hash");
    }
}
