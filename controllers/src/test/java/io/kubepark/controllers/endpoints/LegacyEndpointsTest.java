package io.kubepark.controllers.endpoints;

import static io.kubepark.controllers.endpoints.EndpointsFixtures.LATER;
import static io.kubepark.controllers.endpoints.EndpointsFixtures.pod;
import static io.kubepark.controllers.endpoints.EndpointsFixtures.readyPods;
import static io.kubepark.controllers.endpoints.EndpointsFixtures.service;
import static io.kubepark.controllers.endpoints.EndpointsFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.endpoints.EndpointsFixtures.PodBuilder;
import io.kubepark.controllers.endpoints.EndpointsFixtures.ServiceBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyEndpointsTest {

    private static ServiceBuilder web() {
        return service("web").selector("app", "web").port("http", 80, 8080);
    }

    private static ObjectNode created(List<EndpointWrite> writes) {
        assertThat(writes).singleElement().isInstanceOf(EndpointWrite.Create.class);
        EndpointWrite.Create create = (EndpointWrite.Create) writes.get(0);
        assertThat(create.resource()).isEqualTo("endpoints");
        return create.object();
    }

    private static List<String> ips(JsonNode addresses) {
        List<String> out = new ArrayList<>();
        addresses.forEach(a -> out.add(a.path("ip").asText()));
        return out;
    }

    @Test
    void endpointsAreNamedLikeTheServiceAndCarryItsLabels() {
        ObjectNode ep = created(EndpointsPlanner.endpoints(snapshot(web().label("tier", "front").headless())
                .pods(pod("web-0").label("app", "web").ip("10.0.0.1").ready(true)).build()));

        assertThat(ep.path("kind").asText()).isEqualTo("Endpoints");
        assertThat(ep.path("metadata").path("name").asText()).isEqualTo("web");
        assertThat(ep.path("metadata").path("labels").toString())
                .isEqualTo("{\"tier\":\"front\",\"service.kubernetes.io/headless\":\"\"}");
        assertThat(ep.path("metadata").path("annotations").path("endpoints.kubernetes.io/last-change-trigger-time")
                .asText()).isEqualTo(EndpointsFixtures.NOW);
    }

    @Test
    void readyPodsAreAddressesAndOthersNotReadyAddresses() {
        ObjectNode ep = created(EndpointsPlanner.endpoints(snapshot(web()).pods(
                pod("b").label("app", "web").ip("10.0.0.2").ready(false).node("n1"),
                pod("a").label("app", "web").ip("10.0.0.9").ready(true).node("n1"),
                pod("c").label("app", "web").ip("10.0.0.10").ready(true)).build()));

        assertThat(ep.path("subsets")).hasSize(1);
        JsonNode subset = ep.path("subsets").get(0);
        assertThat(ips(subset.path("addresses"))).containsExactly("10.0.0.10", "10.0.0.9");
        assertThat(ips(subset.path("notReadyAddresses"))).containsExactly("10.0.0.2");
        assertThat(subset.path("ports").toString()).isEqualTo("[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}]");
        assertThat(subset.path("notReadyAddresses").get(0).toString()).isEqualTo("{\"ip\":\"10.0.0.2\","
                + "\"nodeName\":\"n1\",\"targetRef\":{\"kind\":\"Pod\",\"namespace\":\"ns\",\"name\":\"b\","
                + "\"uid\":\"b-uid\"}}");
    }

    @Test
    void terminatingPodsAreDroppedUnlessNotReadyAddressesArePublished() {
        PodBuilder leaving = pod("leaving").label("app", "web").ip("10.0.0.3").ready(true).terminating();
        PodBuilder unready = pod("unready").label("app", "web").ip("10.0.0.4").ready(false);

        ObjectNode normal = created(EndpointsPlanner.endpoints(snapshot(web()).pods(leaving, unready).build()));
        ObjectNode publishing = created(EndpointsPlanner.endpoints(snapshot(web().publishNotReady())
                .pods(leaving, unready).build()));

        assertThat(normal.path("subsets").get(0).has("addresses")).isFalse();
        assertThat(ips(normal.path("subsets").get(0).path("notReadyAddresses"))).containsExactly("10.0.0.4");
        assertThat(ips(publishing.path("subsets").get(0).path("addresses"))).containsExactly("10.0.0.3", "10.0.0.4");
        assertThat(publishing.path("subsets").get(0).has("notReadyAddresses")).isFalse();
    }

    @Test
    void hostnameOnlyForPodsWhoseSubdomainIsTheService() {
        ObjectNode ep = created(EndpointsPlanner.endpoints(snapshot(web().headless()).pods(
                pod("web-0").label("app", "web").ip("10.0.0.1").ready(true).hostname("web-0").subdomain("web"),
                pod("web-1").label("app", "web").ip("10.0.0.2").ready(true).hostname("web-1")).build()));

        JsonNode addresses = ep.path("subsets").get(0).path("addresses");
        assertThat(addresses.get(0).path("hostname").asText()).isEqualTo("web-0");
        assertThat(addresses.get(1).has("hostname")).isFalse();
    }

    @Test
    void podsResolvingPortsDifferentlyGoToDifferentSubsets() {
        ObjectNode ep = created(EndpointsPlanner.endpoints(snapshot(service("web").selector("app", "web")
                .port("http", 80, "http")).pods(
                pod("a").label("app", "web").ip("10.0.0.1").ready(true).containerPort("http", 8080),
                pod("b").label("app", "web").ip("10.0.0.2").ready(true).containerPort("http", 9090),
                pod("none").label("app", "web").ip("10.0.0.3").ready(true)).build()));

        assertThat(ep.path("subsets")).hasSize(2);
        assertThat(ep.path("subsets").get(0).path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        assertThat(ips(ep.path("subsets").get(0).path("addresses"))).containsExactly("10.0.0.1");
        assertThat(ep.path("subsets").get(1).path("ports").get(0).path("port").asInt()).isEqualTo(9090);
    }

    @Test
    void headlessServiceWithoutPortsPublishesBareAddresses() {
        ObjectNode ep = created(EndpointsPlanner.endpoints(snapshot(service("db").selector("app", "db").headless())
                .pods(pod("db-0").label("app", "db").ip("10.0.0.1").ready(true)).build()));

        assertThat(ep.path("subsets").get(0).has("ports")).isFalse();
        assertThat(ips(ep.path("subsets").get(0).path("addresses"))).containsExactly("10.0.0.1");
    }

    @Test
    void noMatchingPodsGivesEndpointsWithoutSubsets() {
        ObjectNode ep = created(EndpointsPlanner.endpoints(snapshot(web()).build()));

        assertThat(ep.has("subsets")).isFalse();
    }

    @Test
    void unchangedEndpointsAreNotRewrittenAndChangesUpdateInPlace() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        PodBuilder p = pod("web-0").label("app", "web").ip("10.0.0.1").ready(true);
        store.apply(EndpointsPlanner.endpoints(snapshot(web()).pods(p).build()));
        JsonNode stored = store.single();

        assertThat(EndpointsPlanner.endpoints(snapshot(web()).pods(p).endpoints(stored).now(LATER).build())).isEmpty();

        List<EndpointWrite> writes = EndpointsPlanner.endpoints(snapshot(web()).pods(p.ready(false))
                .endpoints(stored).now(LATER).build());
        assertThat(writes).singleElement().isInstanceOf(EndpointWrite.Update.class);
        ObjectNode updated = ((EndpointWrite.Update) writes.get(0)).object();
        assertThat(updated.path("metadata").path("resourceVersion").asText())
                .isEqualTo(stored.path("metadata").path("resourceVersion").asText());
        assertThat(ips(updated.path("subsets").get(0).path("notReadyAddresses"))).containsExactly("10.0.0.1");
    }

    @Test
    void moreThanAThousandAddressesAreTruncatedAndAnnotated() {
        EndpointsFixtures.Store store = new EndpointsFixtures.Store();
        List<PodBuilder> pods = readyPods("web", 1005);
        store.apply(EndpointsPlanner.endpoints(snapshot(web()).pods(pods).build()));
        JsonNode ep = store.single();

        assertThat(ep.path("subsets").get(0).path("addresses")).hasSize(1000);
        assertThat(ep.path("metadata").path("annotations").path("endpoints.kubernetes.io/over-capacity").asText())
                .isEqualTo("truncated");
        assertThat(EndpointsPlanner.endpoints(snapshot(web()).pods(pods).endpoints(ep).build())).isEmpty();

        List<EndpointWrite> shrunk = EndpointsPlanner.endpoints(snapshot(web()).pods(pods.subList(0, 10))
                .endpoints(ep).build());
        ObjectNode updated = ((EndpointWrite.Update) shrunk.get(0)).object();
        assertThat(updated.path("metadata").path("annotations").has("endpoints.kubernetes.io/over-capacity")).isFalse();
    }

    @Test
    void truncationKeepsReadyAddressesBeforeNotReadyOnes() {
        List<PodBuilder> pods = readyPods("ready", 990);
        for (int i = 0; i < 20; i++) {
            pods.add(pod("unready-" + i).label("app", "web").ip("10.9.0." + (i + 1)).ready(false));
        }

        ObjectNode ep = created(EndpointsPlanner.endpoints(snapshot(web()).pods(pods).build()));

        assertThat(ep.path("subsets").get(0).path("addresses")).hasSize(990);
        assertThat(ep.path("subsets").get(0).path("notReadyAddresses")).hasSize(10);
    }

    @Test
    void selectorlessServiceLeavesUserEndpointsAlone() {
        ObjectNode user = Json.object();
        user.putObject("metadata").put("name", "web").put("resourceVersion", "3");

        assertThat(EndpointsPlanner.endpoints(snapshot(service("web").port("http", 80, 8080)).endpoints(user)
                .build())).isEmpty();
    }
}
