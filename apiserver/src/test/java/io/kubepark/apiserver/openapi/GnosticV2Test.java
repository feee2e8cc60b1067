package io.kubepark.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protobuf form of /openapi/v2, read back field by field with the numbers of gnostic's OpenAPIv2.proto. */
class GnosticV2Test {

    private static UnknownFieldSet document;

    @BeforeAll
    static void encode() throws Exception {
        document = UnknownFieldSet.parseFrom(new OpenApi(OpenApiTest.servedResources()).v2Protobuf());
    }

    private static UnknownFieldSet message(UnknownFieldSet m, int field) throws InvalidProtocolBufferException {
        List<ByteString> values = m.getField(field).getLengthDelimitedList();
        assertThat(values).as("field %d", field).hasSize(1);
        return UnknownFieldSet.parseFrom(values.get(0));
    }

    private static String string(UnknownFieldSet m, int field) {
        List<ByteString> values = m.getField(field).getLengthDelimitedList();
        return values.isEmpty() ? "" : values.get(0).toStringUtf8();
    }

    /** A repeated (name = 1, value = 2) field as a map. */
    private static Map<String, UnknownFieldSet> named(UnknownFieldSet m, int field) throws InvalidProtocolBufferException {
        Map<String, UnknownFieldSet> out = new LinkedHashMap<>();
        for (ByteString pair : m.getField(field).getLengthDelimitedList()) {
            UnknownFieldSet p = UnknownFieldSet.parseFrom(pair);
            out.put(string(p, 1), message(p, 2));
        }
        return out;
    }

    @Test
    void theDocumentIsSwagger2WithTheServersVersion() throws Exception {
        assertThat(string(document, 1)).isEqualTo("2.0");
        assertThat(string(message(document, 2), 2)).isEqualTo(OpenApi.DEFAULT_VERSION);
    }

    @Test
    void definitionsCarryPropertiesWithTheirTypesAndDescriptions() throws Exception {
        Map<String, UnknownFieldSet> definitions = named(message(document, 9), 1);
        UnknownFieldSet spec = definitions.get("io.k8s.api.apps.v1.StatefulSetSpec");
        assertThat(spec).isNotNull();
        assertThat(string(message(spec, 22), 1)).isEqualTo("object");
        assertThat(spec.getField(19).getLengthDelimitedList()).extracting(ByteString::toStringUtf8)
                .contains("selector", "template");
        UnknownFieldSet policy = named(message(spec, 25), 1).get("podManagementPolicy");
        assertThat(string(message(policy, 22), 1)).isEqualTo("string");
        assertThat(string(policy, 4)).contains("OrderedReady");
    }

    @Test
    void vendorExtensionsAreYaml() throws Exception {
        Map<String, UnknownFieldSet> definitions = named(message(document, 9), 1);
        Map<String, UnknownFieldSet> extensions = named(definitions.get("io.k8s.api.apps.v1.StatefulSet"), 31);
        assertThat(string(extensions.get("x-kubernetes-group-version-kind"), 2))
                .isEqualTo("- group: apps\n  kind: StatefulSet\n  version: v1\n");
        UnknownFieldSet containers = named(message(definitions.get("io.k8s.api.core.v1.PodSpec"), 25), 1)
                .get("containers");
        Map<String, UnknownFieldSet> patch = named(containers, 31);
        assertThat(string(patch.get("x-kubernetes-patch-merge-key"), 2)).isEqualTo("name\n");
        assertThat(string(patch.get("x-kubernetes-patch-strategy"), 2)).isEqualTo("merge\n");
        // items: one schema, a reference
        UnknownFieldSet items = message(message(containers, 23), 1);
        assertThat(string(items, 1)).isEqualTo("#/definitions/io.k8s.api.core.v1.Container");
    }

    @Test
    void operationsKeepTheirParametersAndResponses() throws Exception {
        Map<String, UnknownFieldSet> paths = named(message(document, 8), 2);
        UnknownFieldSet item = paths.get("/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}");
        assertThat(item).isNotNull();
        UnknownFieldSet patch = message(item, 8);
        assertThat(string(patch, 5)).isEqualTo("patchAppsV1NamespacedStatefulSet");
        boolean fieldValidation = false;
        for (ByteString p : patch.getField(8).getLengthDelimitedList()) {
            UnknownFieldSet parameter = UnknownFieldSet.parseFrom(p);
            // ParametersItem.parameter = 1; Parameter.non_body_parameter = 2; NonBodyParameter.query = 3
            UnknownFieldSet inner = parameter.hasField(1) ? message(parameter, 1) : null;
            if (inner != null && inner.hasField(2)) {
                UnknownFieldSet nonBody = message(inner, 2);
                if (nonBody.hasField(3) && string(message(nonBody, 3), 4).equals("fieldValidation")) {
                    fieldValidation = true;
                }
            }
        }
        assertThat(fieldValidation).as("a fieldValidation query parameter").isTrue();
        Map<String, UnknownFieldSet> responses = named(message(patch, 9), 1);
        assertThat(responses).containsKeys("200", "201", "401");
        UnknownFieldSet ok = message(responses.get("200"), 1);
        assertThat(string(message(message(ok, 2), 1), 1)).isEqualTo("#/definitions/io.k8s.api.apps.v1.StatefulSet");
    }
}
