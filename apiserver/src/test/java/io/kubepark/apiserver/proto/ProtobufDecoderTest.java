package io.kubepark.apiserver.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Networking;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProtobufDecoderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

    @Test
    void decodesNamespace() throws Exception {
        var namespace = V1.Namespace.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("demo")).build();

        assertThat(ProtobufDecoder.decode(body("v1", "Namespace", namespace))).isEqualTo(json("""
                {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "demo"}}
                """));
    }

    @Test
    void leavesOutZeroValuesThatGoWritesForEveryField() throws Exception {
        // What kubectl create namespace demo sends: Go marshals each non-pointer field, zero or not.
        var namespace = V1.Namespace.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder()
                        .setName("demo").setGenerateName("").setNamespace("").setSelfLink("").setUid("")
                        .setResourceVersion("").setGeneration(0).setCreationTimestamp(Meta.Time.newBuilder()))
                .setSpec(V1.NamespaceSpec.newBuilder())
                .setStatus(V1.NamespaceStatus.newBuilder().setPhase(""))
                .build();

        // Same as kubectl create namespace demo --dry-run=client -o json.
        assertThat(ProtobufDecoder.decode(body("v1", "Namespace", namespace))).isEqualTo(json("""
                {
                  "kind": "Namespace",
                  "apiVersion": "v1",
                  "metadata": {"name": "demo", "creationTimestamp": null},
                  "spec": {},
                  "status": {}
                }
                """));
    }

    @Test
    void decodesConfigMapDataKeepingEmptyValues() throws Exception {
        var configMap = V1.ConfigMap.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("settings").setNamespace("default"))
                .putData("mode", "fast")
                .putData("empty", "")
                .build();

        assertThat(ProtobufDecoder.decode(body("v1", "ConfigMap", configMap))).isEqualTo(json("""
                {
                  "kind": "ConfigMap",
                  "apiVersion": "v1",
                  "metadata": {"name": "settings", "namespace": "default"},
                  "data": {"mode": "fast", "empty": ""}
                }
                """));
    }

    @Test
    void decodesSecretBytesAsBase64() throws Exception {
        var secret = V1.Secret.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("creds"))
                .putData("password", ByteString.copyFromUtf8("s3cr3t"))
                .putStringData("user", "admin")
                .setType("Opaque")
                .build();

        assertThat(ProtobufDecoder.decode(body("v1", "Secret", secret))).isEqualTo(json("""
                {
                  "kind": "Secret",
                  "apiVersion": "v1",
                  "metadata": {"name": "creds"},
                  "data": {"password": "czNjcjN0"},
                  "stringData": {"user": "admin"},
                  "type": "Opaque"
                }
                """));
    }

    @Test
    void decodesDeploymentWithQuantitiesAndIntOrStrings() throws Exception {
        var labels = Meta.ObjectMeta.newBuilder().putLabels("app", "web");
        var container = V1.Container.newBuilder()
                .setName("nginx")
                .setImage("nginx:1.27")
                .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80).setProtocol("TCP"))
                .setResources(V1.ResourceRequirements.newBuilder()
                        .putLimits("cpu", quantity("500m"))
                        .putLimits("memory", quantity("128Mi")));
        var deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(labels.clone().setName("web").setNamespace("default"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder()
                        .setReplicas(3)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(labels)
                                .setSpec(V1.PodSpec.newBuilder().addContainers(container)))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder()
                                .setType("RollingUpdate")
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxUnavailable(IntStr.IntOrString.newBuilder()
                                                .setType(0).setIntVal(1).setStrVal(""))
                                        .setMaxSurge(IntStr.IntOrString.newBuilder()
                                                .setType(1).setIntVal(0).setStrVal("25%")))))
                .build();

        assertThat(ProtobufDecoder.decode(body("apps/v1", "Deployment", deployment))).isEqualTo(json("""
                {
                  "kind": "Deployment",
                  "apiVersion": "apps/v1",
                  "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
                  "spec": {
                    "replicas": 3,
                    "selector": {"matchLabels": {"app": "web"}},
                    "template": {
                      "metadata": {"labels": {"app": "web"}},
                      "spec": {
                        "containers": [{
                          "name": "nginx",
                          "image": "nginx:1.27",
                          "ports": [{"containerPort": 80, "protocol": "TCP"}],
                          "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}}
                        }]
                      }
                    },
                    "strategy": {
                      "type": "RollingUpdate",
                      "rollingUpdate": {"maxUnavailable": 1, "maxSurge": "25%"}
                    }
                  }
                }
                """));
    }

    @Test
    void decodesSelfSubjectAccessReviewAsKubectlAuthCanISendsIt() throws Exception {
        var review = V1Authorization.SelfSubjectAccessReview.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("").setCreationTimestamp(Meta.Time.newBuilder()))
                .setSpec(V1Authorization.SelfSubjectAccessReviewSpec.newBuilder()
                        .setResourceAttributes(V1Authorization.ResourceAttributes.newBuilder()
                                .setNamespace("default").setVerb("get").setGroup("").setVersion("")
                                .setResource("pods").setSubresource("").setName("")))
                .build();

        assertThat(ProtobufDecoder.decode(body("authorization.k8s.io/v1", "SelfSubjectAccessReview", review)))
                .isEqualTo(json("""
                        {
                          "kind": "SelfSubjectAccessReview",
                          "apiVersion": "authorization.k8s.io/v1",
                          "metadata": {"creationTimestamp": null},
                          "spec": {"resourceAttributes": {"namespace": "default", "verb": "get", "resource": "pods"}}
                        }
                        """));
    }

    @Test
    void flattensExtraValueWrappersIntoArrays() throws Exception {
        var review = V1Authorization.SubjectAccessReview.newBuilder()
                .setSpec(V1Authorization.SubjectAccessReviewSpec.newBuilder()
                        .setUser("jane")
                        .putExtra("scopes", V1Authorization.ExtraValue.newBuilder().addItems("a").addItems("b").build())
                        .putExtra("none", V1Authorization.ExtraValue.getDefaultInstance()))
                .build();

        assertThat(ProtobufDecoder.decode(body("authorization.k8s.io/v1", "SubjectAccessReview", review)))
                .isEqualTo(json("""
                        {
                          "kind": "SubjectAccessReview",
                          "apiVersion": "authorization.k8s.io/v1",
                          "spec": {"user": "jane", "extra": {"scopes": ["a", "b"], "none": []}}
                        }
                        """));
    }

    @Test
    void keepsStructsWithALoneItemsListAsObjects() throws Exception {
        var downwardApi = V1.DownwardAPIProjection.newBuilder().addItems(V1.DownwardAPIVolumeFile.newBuilder()
                .setPath("labels")
                .setFieldRef(V1.ObjectFieldSelector.newBuilder().setFieldPath("metadata.labels")));
        var pod = V1.Pod.newBuilder()
                .setSpec(V1.PodSpec.newBuilder().addVolumes(V1.Volume.newBuilder()
                        .setName("info")
                        .setVolumeSource(V1.VolumeSource.newBuilder().setProjected(V1.ProjectedVolumeSource.newBuilder()
                                .addSources(V1.VolumeProjection.newBuilder().setDownwardAPI(downwardApi))))))
                .build();

        JsonNode volume = ProtobufDecoder.decode(body("v1", "Pod", pod)).at("/spec/volumes/0");

        assertThat(volume).isEqualTo(json("""
                {
                  "name": "info",
                  "projected": {"sources": [{"downwardAPI": {"items": [
                    {"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}
                  ]}}]}
                }
                """));
    }

    @Test
    void flattensInlineStructs() throws Exception {
        // kubectl create ingress simple --rule=foo.com/bar=svc1:8080
        var ingress = V1Networking.Ingress.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("simple"))
                .setSpec(V1Networking.IngressSpec.newBuilder().addRules(V1Networking.IngressRule.newBuilder()
                        .setHost("foo.com")
                        .setIngressRuleValue(V1Networking.IngressRuleValue.newBuilder()
                                .setHttp(V1Networking.HTTPIngressRuleValue.newBuilder()
                                        .addPaths(V1Networking.HTTPIngressPath.newBuilder()
                                                .setPath("/bar")
                                                .setPathType("Exact")
                                                .setBackend(V1Networking.IngressBackend.newBuilder()
                                                        .setService(V1Networking.IngressServiceBackend.newBuilder()
                                                                .setName("svc1")
                                                                .setPort(V1Networking.ServiceBackendPort.newBuilder()
                                                                        .setNumber(8080)))))))))
                .build();
        var container = V1.Container.newBuilder()
                .setName("app")
                .addEnv(V1.EnvVar.newBuilder().setName("MODE").setValueFrom(V1.EnvVarSource.newBuilder()
                        .setConfigMapKeyRef(V1.ConfigMapKeySelector.newBuilder()
                                .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("settings"))
                                .setKey("mode"))))
                .setLivenessProbe(V1.Probe.newBuilder()
                        .setHandler(V1.ProbeHandler.newBuilder().setExec(V1.ExecAction.newBuilder().addCommand("true")))
                        .setPeriodSeconds(5));

        assertThat(ProtobufDecoder.decode(body("networking.k8s.io/v1", "Ingress", ingress)).get("spec"))
                .isEqualTo(json("""
                        {"rules": [{"host": "foo.com", "http": {"paths": [{
                          "path": "/bar",
                          "pathType": "Exact",
                          "backend": {"service": {"name": "svc1", "port": {"number": 8080}}}
                        }]}}]}
                        """));
        assertThat(ProtobufDecoder.decode(body("v1", "Pod",
                        V1.Pod.newBuilder().setSpec(V1.PodSpec.newBuilder().addContainers(container)).build()))
                .at("/spec/containers/0"))
                .isEqualTo(json("""
                        {
                          "name": "app",
                          "env": [{
                            "name": "MODE",
                            "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "mode"}}
                          }],
                          "livenessProbe": {"exec": {"command": ["true"]}, "periodSeconds": 5}
                        }
                        """));
    }

    @Test
    void usesJsonNamesWhereTheProtoNameDiffers() throws Exception {
        var ingressClass = V1Networking.IngressClass.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("nginx"))
                .setSpec(V1Networking.IngressClassSpec.newBuilder()
                        .setController("example.com/ingress")
                        .setParameters(V1Networking.IngressClassParametersReference.newBuilder()
                                .setAPIGroup("example.com").setKind("Params").setName("default")))
                .build();

        assertThat(ProtobufDecoder.decode(body("networking.k8s.io/v1", "IngressClass", ingressClass)).get("spec"))
                .isEqualTo(json("""
                        {"controller": "example.com/ingress",
                         "parameters": {"apiGroup": "example.com", "kind": "Params", "name": "default"}}
                        """));
    }

    @Test
    void formatsTimesInUtc() throws Exception {
        long seconds = 1714558272L; // 2024-05-01T10:11:12Z
        var namespace = V1.Namespace.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder()
                        .setName("demo")
                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(seconds).setNanos(999))
                        .setDeletionTimestamp(Meta.Time.newBuilder().setSeconds(seconds + 60).setNanos(0))
                        .setDeletionGracePeriodSeconds(30))
                .build();

        assertThat(ProtobufDecoder.decode(body("v1", "Namespace", namespace)).get("metadata")).isEqualTo(json("""
                {
                  "name": "demo",
                  "creationTimestamp": "2024-05-01T10:11:12Z",
                  "deletionTimestamp": "2024-05-01T10:12:12Z",
                  "deletionGracePeriodSeconds": 30
                }
                """));
    }

    @Test
    void formatsMicroTimesWithSixFractionDigits() throws Exception {
        var event = V1.Event.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("e1"))
                .setReason("Started")
                .setEventTime(Meta.MicroTime.newBuilder().setSeconds(1714558272L).setNanos(123456789))
                .build();

        assertThat(ProtobufDecoder.decode(body("v1", "Event", event))).isEqualTo(json("""
                {
                  "kind": "Event",
                  "apiVersion": "v1",
                  "metadata": {"name": "e1"},
                  "reason": "Started",
                  "eventTime": "2024-05-01T10:11:12.123456Z"
                }
                """));
    }

    @Test
    void formatsDurationsLikeGo() {
        assertThat(ProtobufDecoder.goDuration(0)).isEqualTo("0s");
        assertThat(ProtobufDecoder.goDuration(30_000_000_000L)).isEqualTo("30s");
        assertThat(ProtobufDecoder.goDuration(3_723_000_000_000L)).isEqualTo("1h2m3s");
        assertThat(ProtobufDecoder.goDuration(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(ProtobufDecoder.goDuration(90_000_000_000L)).isEqualTo("1m30s");
        assertThat(ProtobufDecoder.goDuration(-90_000_000_000L)).isEqualTo("-1m30s");
        assertThat(ProtobufDecoder.goDuration(1_500_000_000L)).isEqualTo("1.5s");
        assertThat(ProtobufDecoder.goDuration(300_000_000L)).isEqualTo("300ms");
        assertThat(ProtobufDecoder.goDuration(1_500L)).isEqualTo("1.5\u00b5s");
        assertThat(ProtobufDecoder.goDuration(5L)).isEqualTo("5ns");
        assertThat(ProtobufDecoder.goDuration(Long.MIN_VALUE)).isEqualTo("-2562047h47m16.854775808s");
    }

    @Test
    void decodesRawExtensionsHoldingJsonOrNestedProtobuf() throws Exception {
        var configMap = V1.ConfigMap.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("inner")).build();
        var fromJson = V1Apps.ControllerRevision.newBuilder()
                .setData(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{\"spec\":{\"x\":1}}")))
                .setRevision(2)
                .build();
        var fromProtobuf = V1Apps.ControllerRevision.newBuilder()
                .setData(Runtime.RawExtension.newBuilder()
                        .setRaw(ByteString.copyFrom(body("v1", "ConfigMap", configMap))))
                .build();

        assertThat(ProtobufDecoder.decode(body("apps/v1", "ControllerRevision", fromJson))).isEqualTo(json("""
                {"kind": "ControllerRevision", "apiVersion": "apps/v1", "data": {"spec": {"x": 1}}, "revision": 2}
                """));
        assertThat(ProtobufDecoder.decode(body("apps/v1", "ControllerRevision", fromProtobuf)).get("data"))
                .isEqualTo(json("""
                        {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "inner"}}
                        """));
    }

    @Test
    void decodesManagedFieldsAsJson() throws Exception {
        var namespace = V1.Namespace.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder()
                        .setName("demo")
                        .addManagedFields(Meta.ManagedFieldsEntry.newBuilder()
                                .setManager("kubectl").setOperation("Update").setFieldsType("FieldsV1")
                                .setFieldsV1(Meta.FieldsV1.newBuilder()
                                        .setRaw(ByteString.copyFromUtf8("{\"f:metadata\":{}}")))))
                .build();

        assertThat(ProtobufDecoder.decode(body("v1", "Namespace", namespace)).at("/metadata/managedFields/0"))
                .isEqualTo(json("""
                        {"manager": "kubectl", "operation": "Update", "fieldsType": "FieldsV1",
                         "fieldsV1": {"f:metadata": {}}}
                        """));
    }

    @Test
    void decodesOptionKindsRegisteredInEveryGroupVersionWithLongIntegers() throws Exception {
        var options = Meta.DeleteOptions.newBuilder()
                .setGracePeriodSeconds(5_000_000_000L)
                .setPropagationPolicy("Foreground")
                .build();

        var decoded = ProtobufDecoder.decode(body("apps/v1", "DeleteOptions", options));

        assertThat(decoded).isEqualTo(json("""
                {"kind": "DeleteOptions", "apiVersion": "apps/v1",
                 "gracePeriodSeconds": 5000000000, "propagationPolicy": "Foreground"}
                """));
        assertThat(decoded.get("gracePeriodSeconds")).isInstanceOf(LongNode.class);
    }

    @Test
    void dropsAnExplicitZeroInAPointerFieldBecauseTheWireCannotTellItFromUnset() throws Exception {
        var deployment = V1Apps.Deployment.newBuilder()
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0).setPaused(false))
                .build();

        assertThat(ProtobufDecoder.decode(body("apps/v1", "Deployment", deployment)).get("spec"))
                .isEqualTo(json("{}"));
    }

    @Test
    void skipsFieldsNewerThanTheBundledProtos() throws Exception {
        var namespace = V1.Namespace.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("demo")).build();
        // Field 99, a string: what a newer client adds that these descriptors do not know.
        byte[] field99 = {(byte) 0x9a, 0x06, 0x01, 'x'};
        ByteString newer = namespace.toByteString().concat(ByteString.copyFrom(field99));
        byte[] body = body(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("Namespace"))
                .setRaw(newer)
                .build());

        assertThat(ProtobufDecoder.decode(body)).isEqualTo(json("""
                {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "demo"}}
                """));
    }

    @Test
    void rejectsBodyWithoutMagicPrefix() {
        byte[] jsonBody = "{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ProtobufDecoder.decode(jsonBody))
                .isInstanceOf(ProtobufDecodeException.class)
                .hasMessageContaining("not a Kubernetes protobuf message");
        assertThatThrownBy(() -> ProtobufDecoder.decode(new byte[0])).isInstanceOf(ProtobufDecodeException.class);
        assertThatThrownBy(() -> ProtobufDecoder.decode(null)).isInstanceOf(ProtobufDecodeException.class);
    }

    @Test
    void rejectsTruncatedBody() {
        var namespace = V1.Namespace.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder()
                .setName("a-namespace-with-a-long-enough-name")).build();
        byte[] full = body("v1", "Namespace", namespace);

        assertThatThrownBy(() -> ProtobufDecoder.decode(Arrays.copyOf(full, full.length / 2)))
                .isInstanceOf(ProtobufDecodeException.class)
                .hasMessageContaining("could not be parsed");
    }

    @Test
    void rejectsGarbledObjectBytes() {
        byte[] garbled = body(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("Namespace"))
                .setRaw(ByteString.copyFrom(new byte[] {0x0a, 0x05, 0x01}))
                .build());

        assertThatThrownBy(() -> ProtobufDecoder.decode(garbled))
                .isInstanceOf(ProtobufDecodeException.class)
                .hasMessageContaining("could not be parsed");
    }

    @Test
    void rejectsUnknownKind() {
        var namespace = V1.Namespace.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("x")).build();

        assertThatThrownBy(() -> ProtobufDecoder.decode(body("v1", "Foo", namespace)))
                .isInstanceOf(ProtobufDecodeException.class)
                .hasMessage("provided protobuf body has an unrecognized kind \"Foo\" in group version \"v1\"");
    }

    @Test
    void rejectsUnknownGroupVersion() {
        var namespace = V1.Namespace.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("x")).build();

        assertThatThrownBy(() -> ProtobufDecoder.decode(body("example.com/v1", "Widget", namespace)))
                .isInstanceOf(ProtobufDecodeException.class)
                .hasMessage("provided protobuf body has an unrecognized group version \"example.com/v1\"");
    }

    @Test
    void rejectsContentEncodingEmptyRawAndMissingKind() {
        var raw = V1.Namespace.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("x")).build()
                .toByteString();
        var typeMeta = Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("Namespace");

        assertThatThrownBy(() -> ProtobufDecoder.decode(body(Runtime.Unknown.newBuilder()
                        .setTypeMeta(typeMeta).setRaw(raw).setContentEncoding("gzip").build())))
                .isInstanceOf(ProtobufDecodeException.class)
                .hasMessageContaining("content encoding \"gzip\"");
        assertThatThrownBy(() -> ProtobufDecoder.decode(body(Runtime.Unknown.newBuilder()
                        .setTypeMeta(typeMeta).setRaw(ByteString.EMPTY).build())))
                .isInstanceOf(ProtobufDecodeException.class)
                .hasMessageContaining("has no object data");
        assertThatThrownBy(() -> ProtobufDecoder.decode(body(Runtime.Unknown.newBuilder()
                        .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1")).setRaw(raw).build())))
                .isInstanceOf(ProtobufDecodeException.class)
                .hasMessageContaining("missing its apiVersion or kind");
    }

    @Test
    void reportsBadEmbeddedJsonAndOutOfRangeValuesAsDecodeErrors() {
        var badJson = V1Apps.ControllerRevision.newBuilder()
                .setData(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{not json")))
                .build();
        var farFuture = V1.Namespace.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder()
                .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(Long.MAX_VALUE))).build();

        assertThatThrownBy(() -> ProtobufDecoder.decode(body("apps/v1", "ControllerRevision", badJson)))
                .isInstanceOf(ProtobufDecodeException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ProtobufDecoder.decode(body("v1", "Namespace", farFuture)))
                .isInstanceOf(ProtobufDecodeException.class);
    }

    @Test
    void mutatedBodiesFailOnlyWithDecodeException() {
        var deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("web").setCreationTimestamp(Meta.Time.newBuilder()))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(2).setTemplate(V1.PodTemplateSpec.newBuilder()
                        .setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder()
                                .setName("c").setImage("i")
                                .setResources(V1.ResourceRequirements.newBuilder().putLimits("cpu", quantity("1")))))))
                .build();
        byte[] valid = body("apps/v1", "Deployment", deployment);
        var random = new Random(42);

        for (int i = 0; i < 2_000; i++) {
            byte[] mutated = Arrays.copyOf(valid, 1 + random.nextInt(valid.length));
            for (int flips = random.nextInt(4); flips >= 0; flips--) {
                int at = MAGIC.length + random.nextInt(Math.max(1, mutated.length - MAGIC.length));
                if (at < mutated.length) {
                    mutated[at] = (byte) random.nextInt(256);
                }
            }
            try {
                ProtobufDecoder.decode(mutated);
            } catch (ProtobufDecodeException expected) {
                // the only failure the contract allows
            }
        }
    }

    private static Resource.Quantity quantity(String value) {
        return Resource.Quantity.newBuilder().setString(value).build();
    }

    /** Wraps an object the way kubectl does: magic prefix, then runtime.Unknown{typeMeta, raw}. */
    private static byte[] body(String apiVersion, String kind, Message object) {
        return body(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString())
                .setContentEncoding("")
                .setContentType("")
                .build());
    }

    private static byte[] body(Runtime.Unknown envelope) {
        byte[] message = envelope.toByteArray();
        byte[] body = Arrays.copyOf(MAGIC, MAGIC.length + message.length);
        System.arraycopy(message, 0, body, MAGIC.length, message.length);
        return body;
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }
}
