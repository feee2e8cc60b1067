package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Strategic merge patch through fabric8: merge keys, directives, and 415 for custom resources (A12.1, A12.2). */
class StrategicMergePatchTest {
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

    private static Deployment patch(String name, String patch) {
        return client.apps().deployments().inNamespace("default").withName(name)
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    }

    @Test
    void containersMergeByNameAndDirectivesApply() {
        Deployment d = new DeploymentBuilder(CrudTest.deployment("smp", 1)).editSpec().editTemplate().editSpec()
                .addNewContainer().withName("sidecar").withImage("envoy:1").endContainer()
                .editFirstContainer().addNewEnv().withName("A").withValue("1").endEnv().endContainer()
                .endSpec().endTemplate().endSpec().build();
        client.apps().deployments().inNamespace("default").resource(d).create();
        Deployment patched = patch("smp", """
                {"spec":{"template":{"spec":{"containers":[
                  {"name":"web","image":"nginx:2","env":[{"name":"B","value":"2"}]}
                ]}}}}""");
        var containers = patched.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).extracting(c -> c.getName() + "=" + c.getImage())
                .containsExactly("web=nginx:2", "sidecar=envoy:1");
        assertThat(containers.get(0).getEnv()).extracting(e -> e.getName()).containsExactlyInAnyOrder("A", "B");
        Deployment deleted = patch("smp", """
                {"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}""");
        assertThat(deleted.getSpec().getTemplate().getSpec().getContainers()).extracting(c -> c.getName())
                .containsExactly("web");
        Deployment replaced = patch("smp", """
                {"metadata":{"labels":{"x":"1"}},"spec":{"template":{"spec":{"containers":[
                  {"name":"only","image":"busybox"}, {"$patch":"replace"}]}}}}""");
        assertThat(replaced.getSpec().getTemplate().getSpec().getContainers()).extracting(c -> c.getName())
                .containsExactly("only");
        assertThat(replaced.getMetadata().getLabels()).containsEntry("x", "1");
    }

    @Test
    void serviceCidrConditionsMergeByTypeAsInV133() throws Exception {
        String path = "/apis/networking.k8s.io/v1/servicecidrs/extra";
        assertThat(Clients.send(park, "POST", "/apis/networking.k8s.io/v1/servicecidrs", "application/json",
                "{\"metadata\":{\"name\":\"extra\"},\"spec\":{\"cidrs\":[\"10.200.0.0/16\"]}}"
                        .getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        String ready = "{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"R\",\"message\":\"\","
                + "\"lastTransitionTime\":\"2025-01-01T00:00:00Z\"}";
        String other = ready.replace("Ready", "Other");
        for (String condition : new String[] {ready, other}) {
            var r = Clients.send(park, "PATCH", path + "/status", "application/strategic-merge-patch+json",
                    ("{\"status\":{\"conditions\":[" + condition + "]}}").getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        // merged by type, not replaced as a JSON merge patch would
        assertThat(Clients.get(park, path).body()).contains("\"type\":\"Ready\"").contains("\"type\":\"Other\"");
    }

    @Test
    void aPatchElementWithoutItsMergeKeyIsRejected() throws Exception {
        client.apps().deployments().inNamespace("default").resource(CrudTest.deployment("smp-bad", 1)).create();
        var r = Clients.send(park, "PATCH", "/apis/apps/v1/namespaces/default/deployments/smp-bad",
                "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}}}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isBetween(400, 422);
        assertThat(r.body()).contains("does not contain declared merge key: name");
    }

    @Test
    void customResourcesRefuseStrategicMergePatch() throws Exception {
        client.apiextensions().v1().customResourceDefinitions().resource(client.apiextensions().v1()
                .customResourceDefinitions().load(new java.io.ByteArrayInputStream(
                        CustomResourceTest.CRD.getBytes(StandardCharsets.UTF_8))).item()).create();
        Clients.send(park, "POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json",
                "{\"metadata\":{\"name\":\"w\"},\"spec\":{\"image\":\"x\"}}".getBytes(StandardCharsets.UTF_8));
        var r = Clients.send(park, "PATCH", "/apis/example.com/v1/namespaces/default/widgets/w",
                "application/strategic-merge-patch+json", "{\"spec\":{\"image\":\"y\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).contains("UnsupportedMediaType").doesNotContain("strategic-merge-patch+json,");
    }
}
