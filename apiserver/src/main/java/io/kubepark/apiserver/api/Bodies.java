package io.kubepark.apiserver.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.proto.ProtobufDecodeException;
import io.kubepark.apiserver.proto.ProtobufDecoder;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Decodes request bodies (JSON, YAML or Kubernetes protobuf) into JSON trees, or says why it cannot. */
public final class Bodies {
    /** The largest body the server reads, as kube-apiserver: 3 MiB. */
    public static final int MAX_BODY = 3 * 1024 * 1024;

    public static final String JSON = "application/json";
    public static final String YAML = "application/yaml";
    public static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
    static final List<String> OBJECT_TYPES = List.of(JSON, YAML, PROTOBUF);

    /** Made on first use, to keep it out of start-up. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
    }

    private Bodies() {}

    /** The media type without parameters, lower-cased; JSON when absent. */
    public static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return JSON;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** Decodes an object body: JSON, YAML or protobuf; anything else is a 415. */
    public static ObjectNode object(String contentType, byte[] body) {
        String type = mediaType(contentType);
        if (body.length > MAX_BODY) {
            throw ApiException.tooLarge();
        }
        JsonNode node;
        switch (type) {
            case JSON, "*/*" -> node = json(body);
            case YAML, "application/x-yaml", "text/yaml" -> node = yaml(body);
            case PROTOBUF -> {
                try {
                    node = ProtobufDecoder.decode(body);
                } catch (ProtobufDecodeException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
            }
            default -> throw ApiException.unsupportedMediaType(type, OBJECT_TYPES);
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("the body of the request must be a JSON object, not "
                    + (node == null || node.isMissingNode() ? "empty" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        return object;
    }

    /** Parses JSON, turning syntax errors into a 400 that says where. */
    public static JsonNode json(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("the body of the request was empty");
        }
        try {
            return Json.parse(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("json parse error: " + e.getOriginalMessage() + locationOf(e));
        } catch (IOException e) {
            throw ApiException.badRequest("unable to read the body of the request: " + e.getMessage());
        }
    }

    static JsonNode yaml(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("the body of the request was empty");
        }
        try {
            return Yaml.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("yaml parse error: " + e.getOriginalMessage() + locationOf(e));
        } catch (IOException e) {
            throw ApiException.badRequest("unable to read the body of the request: " + e.getMessage());
        }
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
