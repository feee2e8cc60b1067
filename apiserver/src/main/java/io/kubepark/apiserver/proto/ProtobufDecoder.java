package io.kubepark.apiserver.proto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admission;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a Kubernetes protobuf request body ({@code application/vnd.kubernetes.protobuf}) into the JSON tree that
 * the JSON form of the same object gives, by walking the message descriptors of {@code client-java-proto}.
 */
public final class ProtobufDecoder {

    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
    private static final String PROTOBUF_CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final int MAX_NESTED_OBJECTS = 8;

    private static final Map<String, FileDescriptor> FILES_BY_API_VERSION = Map.ofEntries(
            Map.entry("v1", V1.getDescriptor()),
            Map.entry("meta.k8s.io/v1", Meta.getDescriptor()),
            Map.entry("admission.k8s.io/v1", V1Admission.getDescriptor()),
            Map.entry("admissionregistration.k8s.io/v1", V1Admissionregistration.getDescriptor()),
            Map.entry("apps/v1", V1Apps.getDescriptor()),
            Map.entry("authentication.k8s.io/v1", V1Authentication.getDescriptor()),
            Map.entry("authorization.k8s.io/v1", V1Authorization.getDescriptor()),
            Map.entry("autoscaling/v1", V1Autoscaling.getDescriptor()),
            Map.entry("batch/v1", V1Batch.getDescriptor()),
            Map.entry("certificates.k8s.io/v1", V1Certificates.getDescriptor()),
            Map.entry("networking.k8s.io/v1", V1Networking.getDescriptor()),
            Map.entry("policy/v1", V1Policy.getDescriptor()),
            Map.entry("rbac.authorization.k8s.io/v1", V1Rbac.getDescriptor()),
            Map.entry("scheduling.k8s.io/v1", V1Scheduling.getDescriptor()),
            Map.entry("storage.k8s.io/v1", V1Storage.getDescriptor()));

    // metav1.AddToGroupVersion registers these in every group version, so they arrive under any apiVersion.
    private static final Set<String> META_KINDS = Set.of(
            "ListOptions", "GetOptions", "DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions",
            "WatchEvent", "Status");

    // Go structs embedded with `json:",inline"`: protobuf keeps them as a nested message, JSON flattens their fields
    // into the parent. Nothing in the descriptors marks them, so they are listed (checked against the OpenAPI models).
    private static final Set<String> INLINE_FIELDS = Set.of(
            "k8s.io.api.core.v1.Volume.volumeSource",
            "k8s.io.api.core.v1.Probe.handler",
            "k8s.io.api.core.v1.EphemeralContainer.ephemeralContainerCommon",
            "k8s.io.api.core.v1.PersistentVolumeSpec.persistentVolumeSource",
            "k8s.io.api.core.v1.ConfigMapEnvSource.localObjectReference",
            "k8s.io.api.core.v1.ConfigMapKeySelector.localObjectReference",
            "k8s.io.api.core.v1.ConfigMapProjection.localObjectReference",
            "k8s.io.api.core.v1.ConfigMapVolumeSource.localObjectReference",
            "k8s.io.api.core.v1.SecretEnvSource.localObjectReference",
            "k8s.io.api.core.v1.SecretKeySelector.localObjectReference",
            "k8s.io.api.core.v1.SecretProjection.localObjectReference",
            "k8s.io.api.networking.v1.IngressRule.ingressRuleValue",
            "k8s.io.api.admissionregistration.v1.NamedRuleWithOperations.ruleWithOperations",
            "k8s.io.api.admissionregistration.v1.RuleWithOperations.rule");

    // The few proto field names that differ from the JSON names (DaemonEndpoint.Port really is "Port" in JSON).
    private static final Map<String, String> JSON_NAMES = Map.of(
            "k8s.io.api.admissionregistration.v1.MutatingWebhookConfiguration.Webhooks", "webhooks",
            "k8s.io.api.admissionregistration.v1.ValidatingWebhookConfiguration.Webhooks", "webhooks",
            "k8s.io.api.admissionregistration.v1.Validation.Expression", "expression",
            "k8s.io.api.admissionregistration.v1.Variable.Name", "name",
            "k8s.io.api.admissionregistration.v1.Variable.Expression", "expression",
            "k8s.io.api.authentication.v1.BoundObjectReference.uID", "uid",
            "k8s.io.api.networking.v1.IngressClassParametersReference.aPIGroup", "apiGroup");

    private static final String INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    private static final String QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";
    private static final String QUANTITY_VALUE = "k8s.io.apimachinery.pkg.api.resource.QuantityValue";
    private static final String TIME = "k8s.io.apimachinery.pkg.apis.meta.v1.Time";
    private static final String MICRO_TIME = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime";
    private static final String DURATION = "k8s.io.apimachinery.pkg.apis.meta.v1.Duration";
    private static final String FIELDS_V1 = "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1";
    private static final String RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension";
    private static final String UNKNOWN = "k8s.io.apimachinery.pkg.runtime.Unknown";

    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339_MICRO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private ProtobufDecoder() {
    }

    /**
     * Decodes a Kubernetes protobuf body: the {@code k8s\0} prefix followed by a {@code runtime.Unknown} envelope
     * whose {@code raw} bytes hold the typed object named by its {@code typeMeta}.
     *
     * @param body the request body as received
     * @return the object as JSON, with {@code kind} and {@code apiVersion} taken from the envelope
     * @throws ProtobufDecodeException if the body is not a well-formed protobuf object of a known group version and
     *     kind; no other exception escapes
     */
    public static ObjectNode decode(byte[] body) throws ProtobufDecodeException {
        if (body == null || !hasMagic(body)) {
            throw new ProtobufDecodeException(
                    "provided body is not a Kubernetes protobuf message: it does not start with the \"k8s\\0\" prefix");
        }
        try {
            return decodeObject(envelopeAfterMagic(body), 0);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtobufDecodeException("provided protobuf body could not be parsed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ProtobufDecodeException("provided protobuf body could not be decoded: " + e, e);
        }
    }

    private static ObjectNode decodeObject(Runtime.Unknown envelope, int depth)
            throws ProtobufDecodeException, InvalidProtocolBufferException {
        if (depth > MAX_NESTED_OBJECTS) {
            throw new ProtobufDecodeException("provided protobuf body nests objects too deeply");
        }
        if (!envelope.getContentEncoding().isEmpty()) {
            throw new ProtobufDecodeException("provided protobuf body has an unsupported content encoding \""
                    + envelope.getContentEncoding() + "\"");
        }
        String contentType = envelope.getContentType();
        if (!contentType.isEmpty() && !contentType.equals(PROTOBUF_CONTENT_TYPE)) {
            throw new ProtobufDecodeException(
                    "provided protobuf body has an unsupported content type \"" + contentType + "\"");
        }
        String apiVersion = envelope.getTypeMeta().getApiVersion();
        String kind = envelope.getTypeMeta().getKind();
        if (kind.isEmpty() || apiVersion.isEmpty()) {
            throw new ProtobufDecodeException("provided protobuf body is missing its apiVersion or kind");
        }
        Descriptor type = messageType(apiVersion, kind);
        if (envelope.getRaw().isEmpty()) {
            throw new ProtobufDecodeException("provided protobuf body for kind \"" + kind + "\" has no object data");
        }
        DynamicMessage message = DynamicMessage.parseFrom(type, envelope.getRaw());
        ObjectNode object = NODES.objectNode();
        object.put("kind", kind);
        object.put("apiVersion", apiVersion);
        object.setAll(toObject(message, depth));
        return object;
    }

    private static Descriptor messageType(String apiVersion, String kind) throws ProtobufDecodeException {
        FileDescriptor file = FILES_BY_API_VERSION.get(apiVersion);
        if (file == null) {
            throw new ProtobufDecodeException(
                    "provided protobuf body has an unrecognized group version \"" + apiVersion + "\"");
        }
        Descriptor type = file.findMessageTypeByName(kind);
        if (type == null && META_KINDS.contains(kind)) {
            type = Meta.getDescriptor().findMessageTypeByName(kind);
        }
        if (type == null) {
            throw new ProtobufDecodeException("provided protobuf body has an unrecognized kind \"" + kind
                    + "\" in group version \"" + apiVersion + "\"");
        }
        return type;
    }

    private static ObjectNode toObject(Message message, int depth)
            throws ProtobufDecodeException, InvalidProtocolBufferException {
        ObjectNode object = NODES.objectNode();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            JsonNode value = fieldValue(message, field, depth);
            if (value == null) {
                continue;
            }
            if (INLINE_FIELDS.contains(field.getFullName()) && value.isObject()) {
                object.setAll((ObjectNode) value);
            } else {
                object.set(JSON_NAMES.getOrDefault(field.getFullName(), field.getName()), value);
            }
        }
        return object;
    }

    // null: the JSON form leaves the field out.
    private static JsonNode fieldValue(Message message, FieldDescriptor field, int depth)
            throws ProtobufDecodeException, InvalidProtocolBufferException {
        if (field.isMapField()) {
            List<?> entries = (List<?>) message.getField(field);
            if (entries.isEmpty()) {
                return null;
            }
            ObjectNode map = NODES.objectNode();
            for (Object item : entries) {
                Message entry = (Message) item;
                FieldDescriptor key = entry.getDescriptorForType().findFieldByNumber(1);
                FieldDescriptor value = entry.getDescriptorForType().findFieldByNumber(2);
                map.set(String.valueOf(entry.getField(key)), toJson(value, entry.getField(value), depth));
            }
            return map;
        }
        if (field.isRepeated()) {
            int count = message.getRepeatedFieldCount(field);
            if (count == 0) {
                return null;
            }
            ArrayNode array = NODES.arrayNode(count);
            for (int i = 0; i < count; i++) {
                array.add(toJson(field, message.getRepeatedField(field, i), depth));
            }
            return array;
        }
        if (!message.hasField(field)) {
            return null;
        }
        Object value = message.getField(field);
        // Go's generated marshallers write every non-pointer scalar, zero or not, so a present "" / 0 / false is
        // almost always an unset field that the JSON form omits (omitempty). The cost: an explicit zero in a pointer
        // field (replicas: 0) cannot be told apart from unset and is dropped as well.
        if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE && value.equals(field.getDefaultValue())) {
            return null;
        }
        return toJson(field, value, depth);
    }

    private static JsonNode toJson(FieldDescriptor field, Object value, int depth)
            throws ProtobufDecodeException, InvalidProtocolBufferException {
        switch (field.getJavaType()) {
            case STRING:
                return NODES.textNode((String) value);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case INT:
                return NODES.numberNode((Integer) value);
            case LONG:
                return integer((Long) value);
            case FLOAT:
                return NODES.numberNode((Float) value);
            case DOUBLE:
                return NODES.numberNode((Double) value);
            case BYTE_STRING:
                return NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM:
                return NODES.textNode(((EnumValueDescriptor) value).getName());
            default:
                return messageToJson((Message) value, depth);
        }
    }

    // Jackson reads small JSON integers as IntNode; matching that keeps the tree equal to the parsed JSON form.
    private static JsonNode integer(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    private static JsonNode messageToJson(Message message, int depth)
            throws ProtobufDecodeException, InvalidProtocolBufferException {
        Descriptor type = message.getDescriptorForType();
        switch (type.getFullName()) {
            case INT_OR_STRING:
                return ((Number) field(message, "type")).longValue() == 1
                        ? NODES.textNode((String) field(message, "strVal"))
                        : NODES.numberNode(((Number) field(message, "intVal")).intValue());
            case QUANTITY:
            case QUANTITY_VALUE:
                String quantity = (String) field(message, "string");
                return NODES.textNode(quantity.isEmpty() ? "0" : quantity);
            case TIME:
                return time(message, false);
            case MICRO_TIME:
                return time(message, true);
            case DURATION:
                return NODES.textNode(goDuration((Long) field(message, "duration")));
            case FIELDS_V1:
                return embedded((ByteString) field(message, "Raw"), depth);
            case RAW_EXTENSION:
                return embedded((ByteString) field(message, "raw"), depth);
            case UNKNOWN:
                return decodeObject(Runtime.Unknown.parseFrom(message.toByteString()), depth + 1);
            default:
                return isSliceWrapper(type)
                        ? fieldValueOrEmptyArray(message, type.getFields().get(0), depth)
                        : toObject(message, depth);
        }
    }

    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    // A Go named slice such as Verbs or ExtraValue becomes a message with one repeated "items" field, and its JSON
    // form is the bare array. Only scalar items qualify: DownwardAPIProjection is a struct whose lone field is a
    // repeated "items" of messages.
    private static boolean isSliceWrapper(Descriptor type) {
        if (type.getFields().size() != 1) {
            return false;
        }
        FieldDescriptor only = type.getFields().get(0);
        return only.getName().equals("items") && only.isRepeated()
                && only.getJavaType() != FieldDescriptor.JavaType.MESSAGE;
    }

    private static JsonNode fieldValueOrEmptyArray(Message message, FieldDescriptor items, int depth)
            throws ProtobufDecodeException, InvalidProtocolBufferException {
        JsonNode array = fieldValue(message, items, depth);
        return array == null ? NODES.arrayNode() : array;
    }

    private static JsonNode time(Message message, boolean micro) {
        FieldDescriptor seconds = message.getDescriptorForType().findFieldByName("seconds");
        // Go sends its zero time as an empty message, and the JSON form of a zero time is null.
        if (!message.hasField(seconds)) {
            return NODES.nullNode();
        }
        // Like the Go decoder: Time keeps whole seconds, MicroTime keeps microseconds.
        Instant instant = micro
                ? Instant.ofEpochSecond((Long) message.getField(seconds), (Integer) field(message, "nanos"))
                        .truncatedTo(ChronoUnit.MICROS)
                : Instant.ofEpochSecond((Long) message.getField(seconds));
        if (instant.equals(GO_ZERO_TIME)) {
            return NODES.nullNode();
        }
        return NODES.textNode((micro ? RFC3339_MICRO : RFC3339).format(instant));
    }

    // Embedded objects are JSON, except where a protobuf client nested a whole protobuf object, prefix and all.
    private static JsonNode embedded(ByteString raw, int depth)
            throws ProtobufDecodeException, InvalidProtocolBufferException {
        if (raw.isEmpty()) {
            return NODES.nullNode();
        }
        byte[] bytes = raw.toByteArray();
        if (hasMagic(bytes)) {
            return decodeObject(envelopeAfterMagic(bytes), depth + 1);
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new ProtobufDecodeException(
                    "provided protobuf body embeds an object that is not valid JSON: " + reason, e);
        }
    }

    private static Runtime.Unknown envelopeAfterMagic(byte[] bytes) throws InvalidProtocolBufferException {
        return Runtime.Unknown.parser().parseFrom(bytes, MAGIC.length, bytes.length - MAGIC.length);
    }

    private static boolean hasMagic(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    // metav1.Duration's JSON form is Go's time.Duration.String(): "1h2m3s", "1.5s", "300ms", "0s".
    static String goDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        // Negating Long.MIN_VALUE overflows back to itself, which still reads correctly as unsigned.
        long magnitude = nanos < 0 ? -nanos : nanos;
        if (Long.compareUnsigned(magnitude, 1_000_000_000L) < 0) {
            if (magnitude < 1_000) {
                return sign + magnitude + "ns";
            }
            return magnitude < 1_000_000
                    ? sign + decimal(magnitude, 3) + "\u00b5s"
                    : sign + decimal(magnitude, 6) + "ms";
        }
        long totalSeconds = Long.divideUnsigned(magnitude, 1_000_000_000L);
        long fraction = Long.remainderUnsigned(magnitude, 1_000_000_000L);
        long hours = totalSeconds / 3600;
        long minutes = totalSeconds / 60 % 60;
        StringBuilder out = new StringBuilder(sign);
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(decimal(totalSeconds % 60 * 1_000_000_000L + fraction, 9)).append('s');
        return out.toString();
    }

    // value / 10^digits, as Go prints it: no trailing zeros in the fraction, no bare point.
    private static String decimal(long value, int digits) {
        long scale = (long) Math.pow(10, digits);
        String fraction = String.format("%0" + digits + "d", value % scale).replaceAll("0+$", "");
        return (value / scale) + (fraction.isEmpty() ? "" : "." + fraction);
    }
}
