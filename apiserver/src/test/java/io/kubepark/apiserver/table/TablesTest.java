package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.TableTestSupport.NOW;
import static io.kubepark.apiserver.table.TableTestSupport.cells;
import static io.kubepark.apiserver.table.TableTestSupport.columns;
import static io.kubepark.apiserver.table.TableTestSupport.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

class TablesTest {

    private static final String POD = """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "p", "namespace": "ns", "uid": "u-1", "resourceVersion": "42",
                          "labels": {"app": "x"}, "annotations": {"a": "b"},
                          "creationTimestamp": "2025-06-01T11:00:00Z"},
             "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Pending"}}
            """;

    @Test
    void tableShapeAndColumnDefinitions() {
        ObjectNode t = Tables.table("", "namespaces", List.of(obj("""
                {"metadata": {"name": "default"}, "status": {"phase": "Active"}}
                """)), NOW, false);
        assertThat(t.path("kind").asText()).isEqualTo("Table");
        assertThat(t.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(t.path("metadata").isObject()).isTrue();
        assertThat(t.path("metadata").isEmpty()).isTrue();
        JsonNode name = t.path("columnDefinitions").get(0);
        assertThat(name.path("name").asText()).isEqualTo("Name");
        assertThat(name.path("type").asText()).isEqualTo("string");
        assertThat(name.path("format").asText()).isEqualTo("name");
        assertThat(name.path("description").asText()).startsWith("Name must be unique within a namespace.");
        assertThat(name.path("priority").isInt()).isTrue();
        JsonNode status = t.path("columnDefinitions").get(1);
        assertThat(status.has("format")).isTrue();
        assertThat(status.path("format").asText()).isEmpty();
        assertThat(t.path("columnDefinitions").get(2).path("description").asText())
                .startsWith("CreationTimestamp is a timestamp representing the server time");
    }

    @Test
    void rowsCarryPartialObjectMetadataByDefault() {
        ObjectNode t = Tables.table("", "pods", List.of(obj(POD)), NOW, false);
        JsonNode object = t.path("rows").get(0).path("object");
        assertThat(object.path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(object.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(object.path("metadata")).isEqualTo(obj(POD).path("metadata"));
        assertThat(object.has("spec")).isFalse();
    }

    @Test
    void includeObjectEmbedsACopyOfTheWholeObject() {
        ObjectNode pod = obj(POD);
        ObjectNode t = Tables.table("", "pods", List.of(pod), NOW, true);
        JsonNode object = t.path("rows").get(0).path("object");
        assertThat(object).isEqualTo(pod);
        assertThat(object).isNotSameAs(pod);
    }

    @Test
    void includeNoneLeavesANullObject() {
        ObjectNode t = Tables.table("", "pods", List.of(obj(POD)), NOW, IncludeObject.NONE);
        assertThat(t.path("rows").get(0).has("object")).isTrue();
        assertThat(t.path("rows").get(0).path("object").isNull()).isTrue();
    }

    @Test
    void includeObjectQueryParameter() {
        assertThat(IncludeObject.fromQueryParameter(null)).isEqualTo(IncludeObject.METADATA);
        assertThat(IncludeObject.fromQueryParameter("")).isEqualTo(IncludeObject.METADATA);
        assertThat(IncludeObject.fromQueryParameter("None")).isEqualTo(IncludeObject.NONE);
        assertThat(IncludeObject.fromQueryParameter("Object")).isEqualTo(IncludeObject.OBJECT);
        assertThatThrownBy(() -> IncludeObject.fromQueryParameter("object")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultTableForKindsWithoutPrinter() {
        ObjectNode t = Tables.table("example.com", "widgets", List.of(obj("""
                {"metadata": {"name": "w1", "creationTimestamp": "2025-05-01T08:30:00.5Z"}}
                """), obj("""
                {"metadata": {"name": "w2"}}
                """)), NOW, false);
        assertThat(columns(t)).containsExactly("Name", "Created At");
        assertThat(t.path("columnDefinitions").get(1).path("type").asText()).isEqualTo("date");
        assertThat(cells(t, 0)).containsExactly("w1", "2025-05-01T08:30:00Z");
        assertThat(cells(t, 1)).containsExactly("w2", "0001-01-01T00:00:00Z");
        assertThat(t.path("rows").get(1).path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    }

    @Test
    void customResourceDefinitionsAndOtherUnprintedKindsUseTheDefaultTable() {
        assertThat(Tables.hasPrinter("apiextensions.k8s.io", "customresourcedefinitions")).isFalse();
        assertThat(columns("apiextensions.k8s.io", "customresourcedefinitions")).containsExactly("Name", "Created At");
        assertThat(columns("", "limitranges")).containsExactly("Name", "Created At");
        assertThat(columns("rbac.authorization.k8s.io", "clusterroles")).containsExactly("Name", "Created At");
    }

    @Test
    void emptyListGivesColumnsAndNoRows() {
        ObjectNode t = Tables.table("apps", "deployments", List.of(), NOW, false);
        assertThat(t.path("rows").isArray()).isTrue();
        assertThat(t.path("rows").isEmpty()).isTrue();
        assertThat(t.path("columnDefinitions").size()).isEqualTo(8);
    }

    @Test
    void coreGroupMayBeGivenAsNullOrCore() {
        assertThat(Tables.hasPrinter(null, "pods")).isTrue();
        assertThat(Tables.hasPrinter("core", "pods")).isTrue();
        assertThat(Tables.hasPrinter("", "pods")).isTrue();
        assertThat(Tables.hasPrinter("apps", "pods")).isFalse();
        assertThat(Tables.printedResources()).contains("/pods", "apps/deployments", "batch/jobs",
                "storage.k8s.io/storageclasses", "events.k8s.io/events");
    }

    @Test
    void cellsKeepTheirJsonTypes() {
        ObjectNode t = Tables.table("apps", "replicasets", List.of(obj("""
                {"metadata": {"name": "r"}, "spec": {"replicas": 2}}
                """)), NOW, false);
        JsonNode cellsNode = t.path("rows").get(0).path("cells");
        assertThat(cellsNode.get(1).isIntegralNumber()).isTrue();
        assertThat(cellsNode.get(0).isTextual()).isTrue();
    }
}
