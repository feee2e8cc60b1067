package io.kubepark.controllers.endpoints;

import static io.kubepark.controllers.endpoints.EndpointsFixtures.LATER;
import static io.kubepark.controllers.endpoints.EndpointsFixtures.service;
import static io.kubepark.controllers.endpoints.EndpointsFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirroringTest {

    /** User-written Endpoints "ext" with one subset on port 5432. */
    private static ObjectNode userEndpoints(String... readyIps) {
        ObjectNode ep = Json.object();
        ep.put("apiVersion", "v1");
        ep.put("kind", "Endpoints");
        ObjectNode meta = ep.putObject("metadata");
        meta.put("name", "ext");
        meta.put("namespace", "ns");
        meta.put("resourceVersion", "5");
        meta.putObject("labels").put("team", "db");
        meta.putObject("annotations").put("note", "external").put(
                "endpoints.kubernetes.io/last-change-trigger-time", "2024-01-01T00:00:00Z");
        ObjectNode subset = ep.putArray("subsets").addObject();
        ArrayNode addresses = subset.putArray("addresses");
        for (String ip : readyIps) {
            addresses.addObject().put("ip", ip);
        }
        subset.putArray("notReadyAddresses").addObject().put("ip", "192.168.0.99").put("hostname", "standby");
        subset.putArray("ports").addObject().put("name", "pg").put("port", 5432).put("protocol", "TCP");
        return ep;
    }

    @Test
    void userEndpointsOfASelectorlessServiceAreMirrored() {
        List<EndpointWrite> writes = EndpointsPlanner.mirror(snapshot(service("ext").port("pg", 5432, 5432))
                .endpoints(userEndpoints("192.168.0.1", "fd00::1")).build());

        assertThat(writes).hasSize(2).allSatisfy(w -> assertThat(w).isInstanceOf(EndpointWrite.Create.class));
        ObjectNode v4 = ((EndpointWrite.Create) writes.get(0)).object();
        assertThat(v4.path("addressType").asText()).isEqualTo("IPv4");
        assertThat(v4.path("metadata").path("generateName").asText()).isEqualTo("ext-");
        assertThat(v4.path("metadata").path("labels").toString()).isEqualTo("{\"team\":\"db\","
                + "\"kubernetes.io/service-name\":\"ext\","
                + "\"endpointslice.kubernetes.io/managed-by\":\"endpointslicemirroring-controller.k8s.io\"}");
        assertThat(v4.path("metadata").path("annotations").path("note").asText()).isEqualTo("external");
        assertThat(v4.path("metadata").path("ownerReferences").get(0).path("kind").asText()).isEqualTo("Service");
        assertThat(v4.path("ports").toString()).isEqualTo("[{\"name\":\"pg\",\"port\":5432,\"protocol\":\"TCP\"}]");
        assertThat(v4.path("endpoints").toString()).isEqualTo("[{\"addresses\":[\"192.168.0.1\"],"
                + "\"conditions\":{\"ready\":true}},{\"addresses\":[\"192.168.0.99\"],"
                + "\"conditions\":{\"ready\":false},\"hostname\":\"standby\"}]");
        ObjectNode v6 = ((EndpointWrite.Create) writes.get(1)).object();
        assertThat(v6.path("addressType").asText()).isEqualTo("IPv6");
    }

    @Test
    void mirroredSlicesAreNotRewrittenWhenNothingChanged() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        ObjectNode user = userEndpoints("192.168.0.1");
        List<JsonNode> stored = store.apply(EndpointsPlanner.mirror(snapshot(service("ext")).endpoints(user).build()));

        assertThat(EndpointsPlanner.mirror(snapshot(service("ext")).endpoints(user).slices(stored).now(LATER).build()))
                .isEmpty();

        ((ArrayNode) user.path("subsets").get(0).get("addresses")).addObject().put("ip", "192.168.0.2");
        List<EndpointWrite> writes = EndpointsPlanner.mirror(snapshot(service("ext")).endpoints(user)
                .slices(stored).build());
        assertThat(writes).singleElement().isInstanceOf(EndpointWrite.Update.class);
        assertThat(((EndpointWrite.Update) writes.get(0)).object().path("endpoints")).hasSize(3);
    }

    @Test
    void mirroredSlicesGoWhenTheServiceGainsASelectorOrTheEndpointsGo() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        ObjectNode user = userEndpoints("192.168.0.1");
        List<JsonNode> stored = store.apply(EndpointsPlanner.mirror(snapshot(service("ext")).endpoints(user).build()));
        String name = stored.get(0).path("metadata").path("name").asText();

        assertThat(EndpointsPlanner.mirror(snapshot(service("ext").selector("app", "db")).endpoints(user)
                .slices(stored).build())).containsExactly(new EndpointWrite.Delete("endpointslices", name));
        assertThat(EndpointsPlanner.mirror(snapshot(service("ext")).slices(stored).build()))
                .containsExactly(new EndpointWrite.Delete("endpointslices", name));
    }

    @Test
    void endpointsMarkedSkipMirrorAreNotMirrored() {
        ObjectNode user = userEndpoints("192.168.0.1");
        ((ObjectNode) user.path("metadata").get("labels")).put("endpointslice.kubernetes.io/skip-mirror", "true");

        assertThat(EndpointsPlanner.mirror(snapshot(service("ext")).endpoints(user).build())).isEmpty();
    }

    @Test
    void slicesOfTheEndpointSliceControllerAreNotTouchedByMirroring() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        List<JsonNode> managed = store.apply(EndpointsPlanner.slices(snapshot(service("ext").selector("app", "db"))
                .build()));

        assertThat(EndpointsPlanner.mirror(snapshot(service("ext").selector("app", "db")).slices(managed).build()))
                .isEmpty();
    }
}
