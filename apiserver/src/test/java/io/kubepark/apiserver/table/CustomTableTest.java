package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.TableTestSupport.NOW;
import static io.kubepark.apiserver.table.TableTestSupport.cells;
import static io.kubepark.apiserver.table.TableTestSupport.columns;
import static io.kubepark.apiserver.table.TableTestSupport.json;
import static io.kubepark.apiserver.table.TableTestSupport.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

class CustomTableTest {

    private static final JsonNode COLUMNS = json("""
            [
              {"name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas"},
              {"name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\\"Ready\\")].status",
               "description": "Whether it is ready"},
              {"name": "Ratio", "type": "number", "jsonPath": ".status.ratio", "priority": 1},
              {"name": "Paused", "type": "boolean", "jsonPath": ".spec.paused"},
              {"name": "Image", "type": "string", "jsonPath": ".spec.containers[0].image", "priority": 1},
              {"name": "Owner", "type": "string", "jsonPath": ".metadata.labels['app.kubernetes.io/owner']"},
              {"name": "Started", "type": "date", "jsonPath": ".status.startTime"},
              {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}
            ]
            """);

    private static final String WIDGET = """
            {"apiVersion": "example.com/v1", "kind": "Widget",
             "metadata": {"name": "w1", "namespace": "default", "creationTimestamp": "2025-06-01T11:00:00Z",
                          "labels": {"app.kubernetes.io/owner": "team-a"}},
             "spec": {"replicas": 3, "paused": false, "containers": [{"image": "nginx:1"}, {"image": "redis"}]},
             "status": {"ratio": 0.75, "startTime": "2025-06-01T11:58:00Z",
                        "conditions": [{"type": "Synced", "status": "True"}, {"type": "Ready", "status": "False"}]}}
            """;

    @Test
    void columnsFromAdditionalPrinterColumns() {
        ObjectNode t = Tables.customTable(COLUMNS, List.of(obj(WIDGET)), NOW);
        assertThat(columns(t)).containsExactly("Name", "Replicas", "Ready", "Ratio*", "Paused", "Image*", "Owner",
                "Started", "Age");
        JsonNode defs = t.path("columnDefinitions");
        assertThat(defs.get(0).path("format").asText()).isEqualTo("name");
        assertThat(defs.get(1).path("type").asText()).isEqualTo("integer");
        assertThat(defs.get(1).path("description").asText())
                .isEqualTo("Custom resource definition column (in JSONPath format): .spec.replicas");
        assertThat(defs.get(2).path("description").asText()).isEqualTo("Whether it is ready");
        assertThat(defs.get(7).path("type").asText()).isEqualTo("date");
    }

    @Test
    void cellsFollowTheColumnTypes() {
        ObjectNode t = Tables.customTable(COLUMNS, List.of(obj(WIDGET)), NOW);
        assertThat(cells(t, 0)).containsExactly("w1", 3L, "False", 0.75, false, "nginx:1", "team-a", "2m", "60m");
        assertThat(t.path("rows").get(0).path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(t.path("rows").get(0).path("object").path("metadata").path("name").asText()).isEqualTo("w1");
    }

    @Test
    void missingValuesAreNullCells() {
        ObjectNode t = Tables.customTable(COLUMNS, List.of(obj("""
                {"metadata": {"name": "bare"}}
                """)), NOW);
        assertThat(cells(t, 0)).containsExactly("bare", null, null, null, null, null, null, null, null);
    }

    @Test
    void valuesOfAnotherTypeThanDeclared() {
        JsonNode columns = json("""
                [
                  {"name": "AsInt", "type": "integer", "jsonPath": ".a"},
                  {"name": "AsString", "type": "string", "jsonPath": ".b"},
                  {"name": "Map", "type": "string", "jsonPath": ".c"},
                  {"name": "Num", "type": "number", "jsonPath": ".d"},
                  {"name": "Bool", "type": "boolean", "jsonPath": ".e"},
                  {"name": "BadDate", "type": "date", "jsonPath": ".f"},
                  {"name": "Null", "type": "string", "jsonPath": ".g"},
                  {"name": "Float", "type": "string", "jsonPath": ".h"}
                ]
                """);
        ObjectNode t = Tables.customTable(columns, List.of(obj("""
                {"metadata": {"name": "x"}, "a": 2.9, "b": 7, "c": {"z": 1, "a": ["<b>"]}, "d": 4, "e": "true",
                 "f": "yesterday", "g": null, "h": 1500000.0}
                """)), NOW, IncludeObject.OBJECT);
        assertThat(cells(t, 0)).containsExactly("x", 2L, "7", "{\"a\":[\"\\u003cb\\u003e\"],\"z\":1}", 4.0, null,
                "<invalid>", "<no value>", "1.5e+06");
        assertThat(t.path("rows").get(0).path("object").path("a").asDouble()).isEqualTo(2.9);
    }

    @Test
    void withoutPrinterColumnsTheTableIsNameAndAge() {
        for (JsonNode none : new JsonNode[] {null, json("[]")}) {
            ObjectNode t = Tables.customTable(none, List.of(obj(WIDGET)), NOW);
            assertThat(columns(t)).containsExactly("Name", "Age");
            assertThat(t.path("columnDefinitions").get(1).path("type").asText()).isEqualTo("date");
            assertThat(cells(t, 0)).containsExactly("w1", "60m");
        }
    }

    @Test
    void anInvalidPathDropsItAndTheColumnsAfterIt() {
        JsonNode columns = json("""
                [
                  {"name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas"},
                  {"name": "Broken", "type": "string", "jsonPath": ".spec.containers[0"},
                  {"name": "Paused", "type": "boolean", "jsonPath": ".spec.paused"}
                ]
                """);
        ObjectNode t = Tables.customTable(columns, List.of(obj(WIDGET)), NOW);
        assertThat(columns(t)).containsExactly("Name", "Replicas");
        assertThat(cells(t, 0)).containsExactly("w1", 3L);
    }
}
