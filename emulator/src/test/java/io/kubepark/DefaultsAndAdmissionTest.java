package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server-side defaulting, admission and validation of built-in kinds (A15), through fabric8. */
class DefaultsAndAdmissionTest {
    private static KubePark park;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        park = KubePark.builder().start();
        client = Clients.fabric8(park);
    }

    @AfterAll
    static void stop() {
        client.close();
        park.close();
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().addNewContainer()
                .withName("app").withImage("nginx").addNewPort().withContainerPort(80).endPort()
                .withNewResources().addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m"))
                .endResources().endContainer().endSpec().build();
    }

    @Test
    void podsGetTheDefaultsAndAdmissionOfARealServer() {
        Pod p = client.pods().inNamespace("default").resource(pod("defaults")).create();
        var spec = p.getSpec();
        assertThat(spec.getRestartPolicy()).isEqualTo("Always");
        assertThat(spec.getDnsPolicy()).isEqualTo("ClusterFirst");
        assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(spec.getSchedulerName()).isEqualTo("default-scheduler");
        assertThat(spec.getEnableServiceLinks()).isTrue();
        assertThat(spec.getServiceAccountName()).isEqualTo("default");
        assertThat(spec.getPriority()).isZero();
        assertThat(spec.getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
        assertThat(spec.getTolerations()).extracting(t -> t.getKey() + ":" + t.getEffect() + ":" + t.getTolerationSeconds())
                .containsExactly("node.kubernetes.io/not-ready:NoExecute:300", "node.kubernetes.io/unreachable:NoExecute:300");
        var container = spec.getContainers().get(0);
        assertThat(container.getImagePullPolicy()).isEqualTo("Always");
        assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(container.getPorts().get(0).getProtocol()).isEqualTo("TCP");
        assertThat(container.getResources().getRequests()).containsKey("cpu");
        assertThat(container.getVolumeMounts()).singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount"));
        assertThat(spec.getVolumes()).singleElement()
                .satisfies(v -> assertThat(v.getName()).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}"));
        assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(p.getStatus().getQosClass()).isEqualTo("Burstable");
    }

    @Test
    void everyNamespaceHasADefaultServiceAccountAndPodsNeedTheirs() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("sa").endMetadata().build()).create();
        assertThat(client.serviceAccounts().inNamespace("sa").withName("default").get()).isNotNull();
        client.serviceAccounts().inNamespace("sa").withName("default").delete();
        assertThatThrownBy(() -> client.pods().inNamespace("sa").resource(pod("orphan")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage()).isEqualTo("pods \"orphan\" is forbidden: error looking up "
                            + "service account sa/default: serviceaccount \"default\" not found");
                });
    }

    private static Service service(String name, String type, String clusterIp) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withType(type)
                .withClusterIP(clusterIp).addToSelector("app", name).addNewPort().withPort(80).endPort().endSpec()
                .build();
    }

    @Test
    void servicesGetAClusterIpFromTheServiceRangeAndNodePorts() {
        Service s = client.services().inNamespace("default").resource(service("plain", null, null)).create();
        assertThat(s.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(s.getSpec().getClusterIP()).matches("10\\.(9[6-9]|10[0-9]|11[01])\\.\\d+\\.\\d+");
        assertThat(s.getSpec().getClusterIPs()).containsExactly(s.getSpec().getClusterIP());
        assertThat(s.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString(80));
        assertThat(s.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(s.getSpec().getIpFamilies()).containsExactly("IPv4");
        Service np = client.services().inNamespace("default").resource(service("np", "NodePort", null)).create();
        assertThat(np.getSpec().getPorts().get(0).getNodePort()).isBetween(30000, 32767);
        assertThat(np.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
        Service headless = client.services().inNamespace("default").resource(service("headless", null, "None")).create();
        assertThat(headless.getSpec().getClusterIPs()).containsExactly("None");
    }

    @Test
    void aTakenOrOutOfRangeClusterIpIsInvalid() {
        client.services().inNamespace("default").resource(service("fixed", null, "10.96.0.50")).create();
        assertThatThrownBy(() -> client.services().inNamespace("default").resource(service("clash", null, "10.96.0.50"))
                .create()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).isEqualTo("Service \"clash\" is invalid: spec.clusterIPs: "
                            + "Invalid value: []string{\"10.96.0.50\"}: failed to allocate IP 10.96.0.50: provided IP is "
                            + "already allocated");
                });
        assertThatThrownBy(() -> client.services().inNamespace("default").resource(service("far", null, "192.168.1.1"))
                .create()).isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getStatus().getMessage()).contains("The range of valid IPs is 10.96.0.0/12"));
        client.services().inNamespace("default").withName("fixed").delete();
        assertThat(client.services().inNamespace("default").resource(service("reuse", null, "10.96.0.50")).create()
                .getSpec().getClusterIP()).isEqualTo("10.96.0.50");
    }

    @Test
    void workloadsGetTheirDefaults() {
        StatefulSet sts = client.apps().statefulSets().inNamespace("default").resource(new StatefulSetBuilder()
                .withNewMetadata().withName("db").endMetadata().withNewSpec().withServiceName("db").withNewSelector()
                .addToMatchLabels("app", "db").endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "db")
                .endMetadata().withNewSpec().addNewContainer().withName("db").withImage("postgres:16").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
        assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
        assertThat(sts.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).isZero();
        assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy())
                .isEqualTo("IfNotPresent");
        Deployment d = client.apps().deployments().inNamespace("default").resource(CrudTest.deployment("dflt", 2)).create();
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString("25%"));
        assertThat(d.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
    }

    @Test
    void aSelectorThatMissesTheTemplateIsInvalidAndImmutable() {
        Deployment wrong = new DeploymentBuilder(CrudTest.deployment("mismatch", 1)).editSpec().editSelector()
                .withMatchLabels(java.util.Map.of("app", "other")).endSelector().endSpec().build();
        assertThatThrownBy(() -> client.apps().deployments().inNamespace("default").resource(wrong).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).isEqualTo("Deployment.apps \"mismatch\" is invalid: "
                            + "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"mismatch\"}: "
                            + "`selector` does not match template `labels`");
                });
        client.apps().deployments().inNamespace("default").resource(CrudTest.deployment("fixedsel", 1)).create();
        // a merge patch, without a resourceVersion: the Deployment controller writes the status meanwhile
        assertThatThrownBy(() -> client.apps().deployments().inNamespace("default").withName("fixedsel").patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"spec\":{\"selector\":{\"matchLabels\":{\"tier\":\"a\"}},"
                        + "\"template\":{\"metadata\":{\"labels\":{\"tier\":\"a\"}}}}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                            assertThat(e.getCode()).isEqualTo(422);
                            assertThat(e.getStatus().getMessage()).contains("spec.selector").contains("field is immutable");
                        });
    }

    @Test
    void containerMistakesAreReportedTogether() {
        Pod bad = new PodBuilder().withNewMetadata().withName("bad").endMetadata().withNewSpec().addNewContainer()
                .withName("Web_1").endContainer().addNewContainer().withName("x").withImage("busybox").addNewPort()
                .withName("http-port-too-long").withContainerPort(70000).endPort().endContainer().endSpec().build();
        assertThatThrownBy(() -> client.pods().inNamespace("default").resource(bad).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getDetails().getCauses()).extracting(c -> c.getField()).contains(
                            "spec.containers[0].name", "spec.containers[0].image", "spec.containers[1].ports[0].name",
                            "spec.containers[1].ports[0].containerPort");
                });
    }
}
