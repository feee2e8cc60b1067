package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.TableTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class JsonPathTest {

    private static final JsonNode DOC = json("""
            {"metadata": {"name": "n", "labels": {"app.kubernetes.io/name": "web", "tier": "fe"}},
             "spec": {"replicas": 3, "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443},
                                               {"name": "metrics", "port": 9090}]},
             "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "Ok"},
                                       {"type": "Synced", "status": "False"}]}}
            """);

    private static List<String> find(String path) {
        List<String> out = new ArrayList<>();
        JsonPath.parse(path).find(DOC).forEach(n -> out.add(n.isValueNode() ? n.asText() : n.toString()));
        return out;
    }

    @Test
    void dottedFieldsAndBraces() {
        assertThat(find(".spec.replicas")).containsExactly("3");
        assertThat(find("{.metadata.name}")).containsExactly("n");
        assertThat(find("$.metadata.name")).containsExactly("n");
        assertThat(find(".spec.missing.deeper")).isEmpty();
    }

    @Test
    void indexesSlicesUnionsAndWildcards() {
        assertThat(find(".spec.ports[1].port")).containsExactly("443");
        assertThat(find(".spec.ports[-1].name")).containsExactly("metrics");
        assertThat(find(".spec.ports[7].name")).isEmpty();
        assertThat(find(".spec.ports[0:2].port")).containsExactly("80", "443");
        assertThat(find(".spec.ports[-1:].port")).containsExactly("9090");
        assertThat(find(".spec.ports[0,2].name")).containsExactly("http", "metrics");
        assertThat(find(".spec.ports[*].port")).containsExactly("80", "443", "9090");
        assertThat(find(".metadata.labels.*")).containsExactly("web", "fe");
    }

    @Test
    void bracketKeysAndEscapedDots() {
        assertThat(find(".metadata.labels['app.kubernetes.io/name']")).containsExactly("web");
        assertThat(find(".metadata.labels[\"tier\"]")).containsExactly("fe");
        assertThat(find(".metadata.labels.app\\.kubernetes\\.io/name")).containsExactly("web");
    }

    @Test
    void filters() {
        assertThat(find(".status.conditions[?(@.type==\"Ready\")].status")).containsExactly("True");
        assertThat(find(".status.conditions[?(@.type=='Synced')].status")).containsExactly("False");
        assertThat(find(".status.conditions[?(@.type != \"Ready\")].type")).containsExactly("Synced");
        assertThat(find(".status.conditions[?(@.reason)].type")).containsExactly("Ready");
        assertThat(find(".spec.ports[?(@.port > 100)].name")).containsExactly("https", "metrics");
        assertThat(find(".spec.ports[?(@.port==80)].name")).containsExactly("http");
        assertThat(find(".status.conditions[?(@.type==\"Nope\")].status")).isEmpty();
    }

    @Test
    void recursiveDescent() {
        assertThat(find("..port")).containsExactly("80", "443", "9090");
    }

    @Test
    void invalidExpressions() {
        assertThatThrownBy(() -> JsonPath.parse(".spec.ports[0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonPath.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonPath.parse(".a[?(x)]")).isInstanceOf(IllegalArgumentException.class);
    }
}
