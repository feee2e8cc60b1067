package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Label and field selectors and limit/continue pagination, through fabric8. */
class ListAndSelectorTest {
    private static KubePark park;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        park = KubePark.builder().historyLimit(50).start();
        client = Clients.fabric8(park);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("sel").endMetadata().build())
                .create();
        label("a", Map.of("app", "web", "tier", "front"));
        label("b", Map.of("app", "web", "tier", "back"));
        label("c", Map.of("app", "db"));
        label("d", Map.of());
    }

    @AfterAll
    static void stop() {
        client.close();
        park.close();
    }

    private static void label(String name, Map<String, String> labels) {
        client.configMaps().inNamespace("sel").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().build()).create();
    }

    private static List<String> names(String labelSelector) {
        return client.configMaps().inNamespace("sel").list(new ListOptionsBuilder().withLabelSelector(labelSelector)
                .build()).getItems().stream().map(c -> c.getMetadata().getName()).toList();
    }

    @Test
    void labelSelectorsSupportTheWholeGrammar() {
        assertThat(names("app=web")).containsExactly("a", "b");
        assertThat(names("app==web,tier=back")).containsExactly("b");
        assertThat(names("app!=web")).containsExactly("c", "d");
        assertThat(names("tier in (front, back)")).containsExactly("a", "b");
        assertThat(names("tier notin (front)")).containsExactly("b", "c", "d");
        assertThat(names("tier")).containsExactly("a", "b");
        assertThat(names("!tier")).containsExactly("c", "d");
        assertThat(names("app in (web,db),!tier")).containsExactly("c");
    }

    @Test
    void aMalformedLabelSelectorIsABadRequest() {
        assertThatThrownBy(() -> names("app in web"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getStatus().getReason()).isEqualTo("BadRequest");
                });
    }

    @Test
    void fieldSelectorsUseTheFieldsOfEachKind() {
        assertThat(client.configMaps().inNamespace("sel").withField("metadata.name", "b").list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("b");
        assertThat(client.configMaps().inAnyNamespace().withField("metadata.namespace", "sel").list().getItems())
                .hasSize(4);
        // a scheduler nobody runs: the pod stays Pending with no node
        client.pods().inNamespace("sel").resource(new PodBuilder().withNewMetadata().withName("p1").endMetadata()
                .withNewSpec().withSchedulerName("nobody").addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build())
                .create();
        assertThat(client.pods().inNamespace("sel").withField("status.phase", "Pending").list().getItems()).hasSize(1);
        assertThat(client.pods().inNamespace("sel").withField("spec.nodeName", "").list().getItems()).hasSize(1);
        assertThat(client.pods().inNamespace("sel").withoutField("status.phase", "Pending").list().getItems()).isEmpty();
        assertThatThrownBy(() -> client.configMaps().inNamespace("sel").withField("data.x", "y").list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getStatus().getMessage()).isEqualTo("field label not supported: data.x");
                });
    }

    @Test
    void deleteCollectionHonoursBothSelectorsAndAnswersWithTheDeletedObjects() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("dc").endMetadata().build())
                .create();
        for (String name : List.of("a", "b", "c")) {
            client.configMaps().inNamespace("dc").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .withLabels(Map.of("app", name.equals("c") ? "db" : "web")).endMetadata().build()).create();
        }
        var r = Clients.send(park, "DELETE", "/api/v1/namespaces/dc/configmaps?labelSelector=app%3Dweb"
                + "&fieldSelector=metadata.name%21%3Db", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        var deleted = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertThat(deleted.path("kind").asText()).isEqualTo("ConfigMapList");
        assertThat(deleted.path("items")).extracting(i -> i.path("metadata").path("name").asText()).containsExactly("a");
        assertThat(client.configMaps().inNamespace("dc").list().getItems()).extracting(c -> c.getMetadata().getName())
                .containsExactly("b", "c");
    }

    @Test
    void pagesShareOneSnapshotAndEndWithoutAContinueToken() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("pages").endMetadata().build())
                .create();
        for (int i = 0; i < 10; i++) {
            client.configMaps().inNamespace("pages").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("cm-" + i).endMetadata().build()).create();
        }
        ConfigMapList first = client.configMaps().inNamespace("pages").list(new ListOptionsBuilder().withLimit(4L).build());
        assertThat(first.getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("cm-0", "cm-1", "cm-2", "cm-3");
        assertThat(first.getMetadata().getContinue()).isNotEmpty();
        assertThat(first.getMetadata().getRemainingItemCount()).isEqualTo(6L);
        // Writes after the first page are invisible to the rest of the walk.
        client.configMaps().inNamespace("pages").withName("cm-5").delete();
        client.configMaps().inNamespace("pages").resource(new ConfigMapBuilder().withNewMetadata().withName("cm-55")
                .endMetadata().build()).create();
        client.configMaps().inNamespace("pages").withName("cm-6")
                .edit(c -> new ConfigMapBuilder(c).addToData("changed", "yes").build());
        List<ConfigMap> rest = new ArrayList<>();
        String token = first.getMetadata().getContinue();
        while (token != null && !token.isEmpty()) {
            ConfigMapList page = client.configMaps().inNamespace("pages").list(new ListOptionsBuilder().withLimit(4L)
                    .withContinue(token).build());
            assertThat(page.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
            rest.addAll(page.getItems());
            token = page.getMetadata().getContinue();
        }
        assertThat(rest).extracting(c -> c.getMetadata().getName())
                .containsExactly("cm-4", "cm-5", "cm-6", "cm-7", "cm-8", "cm-9");
        assertThat(rest.get(2).getData()).isNullOrEmpty();
    }

    @Test
    void aContinueTokenOlderThanTheHistoryIsExpired() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("expire").endMetadata().build())
                .create();
        for (int i = 0; i < 3; i++) {
            client.configMaps().inNamespace("expire").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("cm-" + i).endMetadata().build()).create();
        }
        ConfigMapList first = client.configMaps().inNamespace("expire").list(new ListOptionsBuilder().withLimit(1L).build());
        for (int i = 0; i < 60; i++) {
            int n = i;
            client.configMaps().inNamespace("expire").withName("cm-2")
                    .edit(c -> new ConfigMapBuilder(c).addToData("n", Integer.toString(n)).build());
        }
        assertThatThrownBy(() -> client.configMaps().inNamespace("expire").list(new ListOptionsBuilder().withLimit(1L)
                .withContinue(first.getMetadata().getContinue()).build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(410);
                    assertThat(e.getStatus().getReason()).isEqualTo("Expired");
                    assertThat(e.getStatus().getMessage()).startsWith("The provided continue parameter is too old");
                });
    }
}
