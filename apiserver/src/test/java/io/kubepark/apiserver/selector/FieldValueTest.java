package io.kubepark.apiserver.selector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldValueTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final JsonNode POD = json("{'apiVersion':'v1','kind':'Pod',"
            + "'metadata':{'name':'web-1','namespace':'default','labels':{'app':'web'}},"
            + "'spec':{'nodeName':'node-1','restartPolicy':'Always','hostNetwork':true},"
            + "'status':{'phase':'Running','podIPs':[{'ip':'10.0.0.7'},{'ip':'fd00::7'}]}}");

    @ParameterizedTest(name = "[{index}] {0} = \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "metadata.name            | web-1",
            "metadata.namespace       | default",
            "spec.nodeName            | node-1",
            "spec.host                | node-1",
            "spec.restartPolicy       | Always",
            "spec.hostNetwork         | true",
            "status.phase             | Running",
            "status.podIP             | 10.0.0.7",
            "status.podIPs            | ``",
            "status.nominatedNodeName | ``",
            "spec.schedulerName       | ``",
            "metadata.labels          | ``",
            "metadata                 | ``",
            "no.such.field            | ``"})
    void readsPodFields(String field, String expected) {
        assertThat(FieldSelector.fieldValue(POD, field)).isEqualTo(expected);
    }

    @Test
    void appliesKubernetesDefaultsForAbsentFields() {
        JsonNode bare = json("{'metadata':{'name':'n'}}");

        assertThat(FieldSelector.fieldValue(bare, "spec.unschedulable")).isEqualTo("false");
        assertThat(FieldSelector.fieldValue(bare, "spec.hostNetwork")).isEqualTo("false");
        assertThat(FieldSelector.fieldValue(bare, "status.replicas")).isEqualTo("0");
        assertThat(FieldSelector.fieldValue(bare, "status.successful")).isEqualTo("0");
        assertThat(FieldSelector.fieldValue(bare, "metadata.namespace")).isEmpty();
        assertThat(FieldSelector.fieldValue(bare, "status.podIP")).isEmpty();
        assertThat(FieldSelector.fieldValue(null, "metadata.name")).isEmpty();
    }

    @Test
    void rendersBooleansAndNumbersAsKubernetesDoes() {
        JsonNode node = json("{'spec':{'unschedulable':true},'status':{'replicas':3}}");

        assertThat(FieldSelector.fieldValue(node, "spec.unschedulable")).isEqualTo("true");
        assertThat(FieldSelector.fieldValue(node, "status.replicas")).isEqualTo("3");
        assertThat(FieldSelector.fieldValue(json("{'spec':{'unschedulable':false}}"), "spec.unschedulable"))
                .isEqualTo("false");
    }

    @Test
    void podIPPrefersTheSingularFieldLikeTheV1Conversion() {
        JsonNode pod = json("{'status':{'podIP':'10.0.0.9','podIPs':[{'ip':'10.0.0.7'}]}}");

        assertThat(FieldSelector.fieldValue(pod, "status.podIP")).isEqualTo("10.0.0.9");
        assertThat(FieldSelector.fieldValue(json("{'status':{'podIP':'10.0.0.9'}}"), "status.podIP"))
                .isEqualTo("10.0.0.9");
    }

    @Test
    void jobSuccessfulReadsSucceeded() {
        assertThat(FieldSelector.fieldValue(json("{'status':{'succeeded':2}}"), "status.successful")).isEqualTo("2");
    }

    @Test
    void eventSourceFallsBackToReportingComponent() {
        assertThat(FieldSelector.fieldValue(json("{'source':{'component':'kubelet'},'reportingComponent':'x'}"),
                "source")).isEqualTo("kubelet");
        assertThat(FieldSelector.fieldValue(json("{'source':{},'reportingComponent':'scheduler'}"), "source"))
                .isEqualTo("scheduler");
        assertThat(FieldSelector.fieldValue(json("{'reportingComponent':'scheduler'}"), "reportingComponent"))
                .isEqualTo("scheduler");
    }

    @Test
    void selectorMatchesObjectJson() throws SelectorException {
        assertThat(FieldSelector.parse("spec.host=node-1,status.phase=Running").matches(POD)).isTrue();
        assertThat(FieldSelector.parse("spec.unschedulable=false").matches(json("{'spec':{}}"))).isTrue();
        assertThat(FieldSelector.parse("status.podIP=10.0.0.7,metadata.namespace!=kube-system").matches(POD)).isTrue();
        assertThat(FieldSelector.parse("status.podIPs=10.0.0.7").matches(POD)).isFalse();
    }
}
