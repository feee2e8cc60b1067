package io.kubepark.controllers.endpoints;

import static io.kubepark.controllers.endpoints.EndpointsFixtures.LATER;
import static io.kubepark.controllers.endpoints.EndpointsFixtures.node;
import static io.kubepark.controllers.endpoints.EndpointsFixtures.pod;
import static io.kubepark.controllers.endpoints.EndpointsFixtures.readyPods;
import static io.kubepark.controllers.endpoints.EndpointsFixtures.service;
import static io.kubepark.controllers.endpoints.EndpointsFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.controllers.endpoints.EndpointsFixtures.PodBuilder;
import io.kubepark.controllers.endpoints.EndpointsFixtures.ServiceBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointSliceTest {

    private static ServiceBuilder web() {
        return service("web").selector("app", "web").port("http", 80, 8080);
    }

    private static List<ObjectNode> created(List<EndpointWrite> writes) {
        List<ObjectNode> out = new ArrayList<>();
        writes.forEach(w -> {
            if (w instanceof EndpointWrite.Create c) {
                out.add(c.object());
            }
        });
        return out;
    }

    private static ObjectNode onlySlice(List<EndpointWrite> writes) {
        assertThat(writes).hasSize(1);
        assertThat(writes.get(0)).isInstanceOf(EndpointWrite.Create.class);
        return ((EndpointWrite.Create) writes.get(0)).object();
    }

    private static JsonNode endpointOf(ObjectNode slice, String pod) {
        for (JsonNode e : slice.path("endpoints")) {
            if (pod.equals(e.path("targetRef").path("name").asText())) {
                return e;
            }
        }
        throw new AssertionError("no endpoint for " + pod + " in " + slice);
    }

    @Test
    void newSliceCarriesGenerateNameOwnerLabelsAndTriggerTime() {
        ObjectNode slice = onlySlice(EndpointsPlanner.slices(snapshot(web().label("tier", "front")
                .label("endpointslice.kubernetes.io/managed-by", "someone-else"))
                .pods(pod("web-0").label("app", "web").ip("10.244.0.5").ready(true)).build()));

        JsonNode meta = slice.get("metadata");
        assertThat(meta.has("name")).isFalse();
        assertThat(meta.path("generateName").asText()).isEqualTo("web-");
        assertThat(meta.path("namespace").asText()).isEqualTo("ns");
        JsonNode owner = meta.path("ownerReferences").get(0);
        assertThat(owner.path("kind").asText()).isEqualTo("Service");
        assertThat(owner.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(owner.path("uid").asText()).isEqualTo("web-uid");
        assertThat(owner.path("controller").asBoolean()).isTrue();
        assertThat(owner.path("blockOwnerDeletion").asBoolean()).isTrue();
        assertThat(meta.path("labels").path("tier").asText()).isEqualTo("front");
        assertThat(meta.path("labels").path("kubernetes.io/service-name").asText()).isEqualTo("web");
        assertThat(meta.path("labels").path("endpointslice.kubernetes.io/managed-by").asText())
                .isEqualTo("endpointslice-controller.k8s.io");
        assertThat(meta.path("labels").has("service.kubernetes.io/headless")).isFalse();
        assertThat(meta.path("annotations").path("endpoints.kubernetes.io/last-change-trigger-time").asText())
                .isEqualTo(EndpointsFixtures.NOW);
        assertThat(slice.path("addressType").asText()).isEqualTo("IPv4");
        assertThat(slice.path("ports").get(0).toString())
                .isEqualTo("{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}");
    }

    @Test
    void headlessServiceSlicesAreLabelledHeadless() {
        ObjectNode slice = onlySlice(EndpointsPlanner.slices(snapshot(web().headless())
                .pods(pod("web-0").label("app", "web").ip("10.244.0.5").ready(true)).build()));

        assertThat(slice.path("metadata").path("labels").path("service.kubernetes.io/headless").asText()).isEmpty();
        assertThat(slice.path("metadata").path("labels").has("service.kubernetes.io/headless")).isTrue();
    }

    @Test
    void endpointConditionsFollowReadinessAndTermination() {
        ObjectNode slice = onlySlice(EndpointsPlanner.slices(snapshot(web()).pods(
                pod("ready").label("app", "web").ip("10.0.0.1").ready(true),
                pod("unready").label("app", "web").ip("10.0.0.2").ready(false),
                pod("leaving").label("app", "web").ip("10.0.0.3").ready(true).terminating()).build()));

        assertThat(endpointOf(slice, "ready").get("conditions").toString())
                .isEqualTo("{\"ready\":true,\"serving\":true,\"terminating\":false}");
        assertThat(endpointOf(slice, "unready").get("conditions").toString())
                .isEqualTo("{\"ready\":false,\"serving\":false,\"terminating\":false}");
        assertThat(endpointOf(slice, "leaving").get("conditions").toString())
                .isEqualTo("{\"ready\":false,\"serving\":true,\"terminating\":true}");
    }

    @Test
    void publishNotReadyAddressesMakesEveryEndpointReady() {
        ObjectNode slice = onlySlice(EndpointsPlanner.slices(snapshot(web().publishNotReady()).pods(
                pod("unready").label("app", "web").ip("10.0.0.2").ready(false),
                pod("leaving").label("app", "web").ip("10.0.0.3").ready(false).terminating()).build()));

        assertThat(endpointOf(slice, "unready").path("conditions").path("ready").asBoolean()).isTrue();
        assertThat(endpointOf(slice, "leaving").get("conditions").toString())
                .isEqualTo("{\"ready\":true,\"serving\":false,\"terminating\":true}");
    }

    @Test
    void tolerateUnreadyAnnotationIsIgnored() {
        ObjectNode svc = web().obj();
        ((ObjectNode) svc.get("metadata")).putObject("annotations")
                .put("service.alpha.kubernetes.io/tolerate-unready-endpoints", "true");
        ObjectNode slice = onlySlice(EndpointsPlanner.slices(new ServiceSnapshot(svc,
                List.of(pod("unready").label("app", "web").ip("10.0.0.2").ready(false).obj()), null, null, null,
                EndpointsFixtures.NOW)));

        assertThat(endpointOf(slice, "unready").path("conditions").path("ready").asBoolean()).isFalse();
    }

    @Test
    void onlyMatchingRunningPodsWithAnIpAreConsidered() {
        ObjectNode slice = onlySlice(EndpointsPlanner.slices(snapshot(web()).pods(
                pod("match").label("app", "web").ip("10.0.0.1").ready(true),
                pod("other-app").label("app", "db").ip("10.0.0.2").ready(true),
                pod("no-ip").label("app", "web").ready(true),
                pod("done").label("app", "web").ip("10.0.0.3").phase("Succeeded"),
                pod("failed").label("app", "web").ip("10.0.0.4").phase("Failed"),
                pod("elsewhere").label("app", "web").ip("10.0.0.5").namespace("other")).build()));

        assertThat(slice.path("endpoints")).extracting(e -> e.path("targetRef").path("name").asText())
                .containsExactly("match");
    }

    @Test
    void endpointCarriesAddressTargetRefNodeAndZone() {
        ObjectNode slice = onlySlice(EndpointsPlanner.slices(snapshot(web()).node(node("n1", "zone-a"))
                .pods(pod("web-0").label("app", "web").ip("10.0.0.1").ready(true).node("n1")).build()));

        assertThat(endpointOf(slice, "web-0").toString()).isEqualTo("{\"addresses\":[\"10.0.0.1\"],"
                + "\"conditions\":{\"ready\":true,\"serving\":true,\"terminating\":false},"
                + "\"targetRef\":{\"kind\":\"Pod\",\"namespace\":\"ns\",\"name\":\"web-0\",\"uid\":\"web-0-uid\"},"
                + "\"nodeName\":\"n1\",\"zone\":\"zone-a\"}");
    }

    @Test
    void hostnameIsPublishedOnlyToTheServiceNamedBySubdomain() {
        ObjectNode slice = onlySlice(EndpointsPlanner.slices(snapshot(web().headless()).pods(
                pod("web-0").label("app", "web").ip("10.0.0.1").ready(true).hostname("web-0").subdomain("web"),
                pod("web-1").label("app", "web").ip("10.0.0.2").ready(true).hostname("web-1").subdomain("other"),
                pod("web-2").label("app", "web").ip("10.0.0.3").ready(true).subdomain("web")).build()));

        assertThat(endpointOf(slice, "web-0").path("hostname").asText()).isEqualTo("web-0");
        assertThat(endpointOf(slice, "web-1").has("hostname")).isFalse();
        assertThat(endpointOf(slice, "web-2").has("hostname")).isFalse();
    }

    @Test
    void namedTargetPortResolvesPerPodAndSplitsSlices() {
        List<EndpointWrite> writes = EndpointsPlanner.slices(snapshot(service("web").selector("app", "web")
                .port("http", 80, "http")).pods(
                pod("a").label("app", "web").ip("10.0.0.1").ready(true).containerPort("http", 8080),
                pod("b").label("app", "web").ip("10.0.0.2").ready(true).containerPort("http", 9090),
                pod("c").label("app", "web").ip("10.0.0.3").ready(true).sidecarPort("http", 8080)).build());

        List<ObjectNode> slices = created(writes);
        assertThat(slices).hasSize(2);
        assertThat(slices).anySatisfy(s -> {
            assertThat(s.path("ports").get(0).path("port").asInt()).isEqualTo(8080);
            assertThat(s.path("endpoints")).extracting(e -> e.path("targetRef").path("name").asText())
                    .containsExactly("a", "c");
        });
        assertThat(slices).anySatisfy(s -> {
            assertThat(s.path("ports").get(0).path("port").asInt()).isEqualTo(9090);
            assertThat(s.path("endpoints")).extracting(e -> e.path("targetRef").path("name").asText())
                    .containsExactly("b");
        });
    }

    @Test
    void unresolvablePortIsLeftOutForThatPod() {
        List<ObjectNode> slices = created(EndpointsPlanner.slices(snapshot(service("web").selector("app", "web")
                .port("http", 80, "http").port("admin", 81, 9000)).pods(
                pod("a").label("app", "web").ip("10.0.0.1").ready(true)).build()));

        assertThat(slices).hasSize(1);
        assertThat(slices.get(0).path("ports")).extracting(p -> p.path("name").asText()).containsExactly("admin");
    }

    @Test
    void headlessServiceWithoutPortsHasEmptyPorts() {
        ObjectNode slice = onlySlice(EndpointsPlanner.slices(snapshot(service("db").selector("app", "db").headless())
                .pods(pod("db-0").label("app", "db").ip("10.0.0.1").ready(true)).build()));

        assertThat(slice.path("ports").isArray()).isTrue();
        assertThat(slice.path("ports")).isEmpty();
        assertThat(slice.path("endpoints")).hasSize(1);
    }

    @Test
    void atMostOneHundredEndpointsPerSlice() {
        List<ObjectNode> slices = created(EndpointsPlanner.slices(snapshot(web()).pods(readyPods("web", 250))
                .build()));

        assertThat(slices).extracting(s -> s.path("endpoints").size()).containsExactly(100, 100, 50);
    }

    @Test
    void serviceWithoutMatchingPodsGetsOnePlaceholderSlice() {
        ObjectNode slice = onlySlice(EndpointsPlanner.slices(snapshot(web()).build()));

        assertThat(slice.path("endpoints").isArray()).isTrue();
        assertThat(slice.path("endpoints")).isEmpty();
        assertThat(slice.path("ports")).isEmpty();
        assertThat(slice.path("addressType").asText()).isEqualTo("IPv4");
    }

    @Test
    void placeholderIsKeptWhileNothingMatchesAndReusedWhenAPodArrives() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        List<JsonNode> stored = store.apply(EndpointsPlanner.slices(snapshot(web()).build()));

        assertThat(EndpointsPlanner.slices(snapshot(web()).slices(stored).now(LATER).build())).isEmpty();

        List<EndpointWrite> writes = EndpointsPlanner.slices(snapshot(web()).slices(stored)
                .pods(pod("web-0").label("app", "web").ip("10.0.0.1").ready(true)).now(LATER).build());
        assertThat(writes).singleElement().isInstanceOf(EndpointWrite.Update.class);
        ObjectNode updated = ((EndpointWrite.Update) writes.get(0)).object();
        assertThat(updated.path("metadata").path("name").asText()).isEqualTo(stored.get(0).path("metadata")
                .path("name").asText());
        assertThat(updated.path("metadata").path("resourceVersion").asText()).isNotEmpty();
        assertThat(updated.path("endpoints")).hasSize(1);
        assertThat(updated.path("ports")).hasSize(1);
    }

    @Test
    void unchangedSlicesAreNotRewritten() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        List<PodBuilder> pods = readyPods("web", 150);
        List<JsonNode> stored = store.apply(EndpointsPlanner.slices(snapshot(web()).pods(pods).build()));
        // The stored targetRef may carry a resourceVersion; it must not count as a change.
        ((ObjectNode) stored.get(0).path("endpoints").get(0).get("targetRef")).put("resourceVersion", "99");

        assertThat(EndpointsPlanner.slices(snapshot(web()).pods(pods).slices(stored).now(LATER).build())).isEmpty();
    }

    @Test
    void changedEndpointUpdatesOnlyItsSliceInPlace() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        List<PodBuilder> pods = readyPods("web", 150);
        List<JsonNode> stored = store.apply(EndpointsPlanner.slices(snapshot(web()).pods(pods).build()));
        pods.get(120).ready(false);

        List<EndpointWrite> writes = EndpointsPlanner.slices(snapshot(web()).pods(pods).slices(stored).now(LATER)
                .build());

        assertThat(writes).singleElement().isInstanceOf(EndpointWrite.Update.class);
        ObjectNode updated = ((EndpointWrite.Update) writes.get(0)).object();
        assertThat(endpointOf(updated, "web-120").path("conditions").path("ready").asBoolean()).isFalse();
        assertThat(updated.path("metadata").path("annotations").path("endpoints.kubernetes.io/last-change-trigger-time")
                .asText()).isEqualTo(LATER);
        assertThat(EndpointsPlanner.slices(snapshot(web()).pods(pods).slices(store.apply(writes)).build())).isEmpty();
    }

    @Test
    void newPodFillsASliceWithRoomInsteadOfCreatingOne() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        List<PodBuilder> pods = readyPods("web", 150);
        List<JsonNode> stored = store.apply(EndpointsPlanner.slices(snapshot(web()).pods(pods).build()));
        pods.add(pod("web-new").label("app", "web").ip("10.1.0.1").ready(true));

        List<EndpointWrite> writes = EndpointsPlanner.slices(snapshot(web()).pods(pods).slices(stored).build());

        assertThat(writes).singleElement().isInstanceOf(EndpointWrite.Update.class);
        assertThat(((EndpointWrite.Update) writes.get(0)).object().path("endpoints")).hasSize(51);
    }

    @Test
    void sliceLeftEmptyIsDeleted() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        List<PodBuilder> pods = readyPods("web", 150);
        List<JsonNode> stored = store.apply(EndpointsPlanner.slices(snapshot(web()).pods(pods).build()));

        List<EndpointWrite> writes = EndpointsPlanner.slices(snapshot(web()).pods(pods.subList(0, 100))
                .slices(stored).build());

        assertThat(writes).singleElement().isInstanceOf(EndpointWrite.Delete.class);
        List<JsonNode> after = store.apply(writes);
        assertThat(after).hasSize(1);
    }

    @Test
    void serviceLabelChangeRelabelsSlicesWithoutTouchingEndpoints() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        PodBuilder p = pod("web-0").label("app", "web").ip("10.0.0.1").ready(true);
        List<JsonNode> stored = store.apply(EndpointsPlanner.slices(snapshot(web()).pods(p).build()));

        List<EndpointWrite> writes = EndpointsPlanner.slices(snapshot(web().label("tier", "front")).pods(p)
                .slices(stored).build());

        assertThat(writes).singleElement().isInstanceOf(EndpointWrite.Update.class);
        ObjectNode updated = ((EndpointWrite.Update) writes.get(0)).object();
        assertThat(updated.path("metadata").path("labels").path("tier").asText()).isEqualTo("front");
        assertThat(updated.path("endpoints")).isEqualTo(stored.get(0).path("endpoints"));
    }

    @Test
    void selectorlessServiceLosesManagedSlicesButKeepsOthers() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        List<JsonNode> stored = new ArrayList<>(store.apply(EndpointsPlanner.slices(snapshot(web())
                .pods(pod("web-0").label("app", "web").ip("10.0.0.1").ready(true)).build())));
        ObjectNode mirrored = stored.get(0).deepCopy();
        ((ObjectNode) mirrored.get("metadata")).put("name", "web-mirrored");
        ((ObjectNode) mirrored.path("metadata").get("labels")).put("endpointslice.kubernetes.io/managed-by",
                "endpointslicemirroring-controller.k8s.io");
        stored.add(mirrored);
        String managedName = stored.get(0).path("metadata").path("name").asText();

        assertThat(EndpointsPlanner.slices(snapshot(service("web").port("http", 80, 8080)).slices(stored).build()))
                .containsExactly(new EndpointWrite.Delete("endpointslices", managedName));
        assertThat(EndpointsPlanner.slices(snapshot(service("web").emptySelector()).slices(stored).build()))
                .containsExactly(new EndpointWrite.Delete("endpointslices", managedName));
    }

    @Test
    void dualStackServiceGetsOneSliceFamilyPerIpFamily() {
        List<ObjectNode> slices = created(EndpointsPlanner.slices(snapshot(web().ipFamilies("IPv6", "IPv4"))
                .pods(pod("web-0").label("app", "web").ip("10.0.0.1", "fd00::1").ready(true),
                        pod("web-1").label("app", "web").ip("10.0.0.2").ready(true)).build()));

        assertThat(slices).extracting(s -> s.path("addressType").asText()).containsExactly("IPv6", "IPv4");
        assertThat(slices.get(0).path("endpoints")).extracting(e -> e.path("addresses").get(0).asText())
                .containsExactly("fd00::1");
        assertThat(slices.get(1).path("endpoints")).hasSize(2);
    }

    @Test
    void sliceOfAFamilyTheServiceDroppedIsRemoved() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        PodBuilder p = pod("web-0").label("app", "web").ip("10.0.0.1", "fd00::1").ready(true);
        List<JsonNode> stored = store.apply(EndpointsPlanner.slices(snapshot(web().ipFamilies("IPv4", "IPv6"))
                .pods(p).build()));
        assertThat(stored).hasSize(2);

        List<JsonNode> after = store.apply(EndpointsPlanner.slices(snapshot(web()).pods(p).slices(stored).build()));

        assertThat(after).extracting(s -> s.path("addressType").asText()).containsExactly("IPv4");
    }
}
