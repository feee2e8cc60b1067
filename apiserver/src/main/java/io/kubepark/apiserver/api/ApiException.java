package io.kubepark.apiserver.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.registry.ResourceType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A failed API request, carrying the {@code Status} the server answers with. Every error the API server
 * produces is one of these; the factory methods word the messages as kube-apiserver does.
 */
public final class ApiException extends RuntimeException {
    private final int code;
    private final String reason;
    private final String name;
    private final String group;
    private final String kind;
    private final List<Cause> causes;
    private final Integer retryAfterSeconds;

    private ApiException(int code, String reason, String message, String name, String group, String kind,
            List<Cause> causes, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.name = name;
        this.group = group;
        this.kind = kind;
        this.causes = List.copyOf(causes);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException of(int code, String reason, String message) {
        return new ApiException(code, reason, message, null, null, null, List.of(), null);
    }

    public static ApiException notFound(ResourceType type, String name) {
        return new ApiException(404, "NotFound", type.qualifiedResource() + " \"" + name + "\" not found",
                name, type.group(), type.resource(), List.of(), null);
    }

    public static ApiException namespaceNotFound(String namespace) {
        return new ApiException(404, "NotFound", "namespaces \"" + namespace + "\" not found",
                namespace, "", "namespaces", List.of(), null);
    }

    public static ApiException pathNotFound() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource",
                null, null, null, List.of(), null);
    }

    public static ApiException alreadyExists(ResourceType type, String name) {
        return new ApiException(409, "AlreadyExists", type.qualifiedResource() + " \"" + name + "\" already exists",
                name, type.group(), type.resource(), List.of(), null);
    }

    public static ApiException generateNameConflict(ResourceType type, String name) {
        return new ApiException(409, "AlreadyExists", type.qualifiedResource() + " \"" + name
                + "\" already exists, the server was not able to generate a unique name for the object",
                name, type.group(), type.resource(), List.of(), 1);
    }

    public static ApiException conflict(ResourceType type, String name, String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedResource()
                + " \"" + name + "\": " + why, name, type.group(), type.resource(), List.of(), null);
    }

    /** 409 for a server-side apply that would change fields other managers own (A12.3). */
    public static ApiException applyConflict(ResourceType type, String name, String message, List<Cause> causes) {
        return new ApiException(409, "Conflict", message, name, type.group(), type.resource(), causes, null);
    }

    /** 409 naming the resource as {@code resource} (with {@code group}) spells it, e.g. the eviction's "Pod". */
    public static ApiException conflict(String group, String resource, String name, String why) {
        String qualified = group.isEmpty() ? resource : resource + "." + group;
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + qualified + " \"" + name
                + "\": " + why, name, group, resource, List.of(), null);
    }

    public static ApiException staleResourceVersion(ResourceType type, String name) {
        return conflict(type, name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    public static ApiException invalid(ResourceType type, String name, List<Cause> causes) {
        return invalid(type.qualifiedKind(), type.kind(), type.group(), name, causes);
    }

    /** 422 Invalid; the message names {@code qualifiedKind} and lists every cause. */
    public static ApiException invalid(String qualifiedKind, String kind, String group, String name,
            List<Cause> causes) {
        String list = causes.stream().map(Cause::describe).collect(Collectors.joining(", "));
        String message = qualifiedKind + " \"" + (name == null ? "" : name) + "\" is invalid: "
                + (causes.size() > 1 ? "[" + list + "]" : list);
        return new ApiException(422, "Invalid", message, name, group, kind, causes, null);
    }

    public static ApiException badRequest(String message) {
        return of(400, "BadRequest", message);
    }

    public static ApiException forbidden(ResourceType type, String name, String why, List<Cause> causes) {
        String subject = name == null || name.isEmpty() ? type.qualifiedResource()
                : type.qualifiedResource() + " \"" + name + "\"";
        return new ApiException(403, "Forbidden", subject + " is forbidden: " + why, name, type.group(),
                type.resource(), causes, null);
    }

    /** 401 Unauthorized, as the API server answers a request whose credentials are missing or invalid. */
    public static ApiException unauthorized() {
        return of(401, "Unauthorized", "Unauthorized");
    }

    /** 403 of an authorizer's refusal of a request on a resource: details carry the group, resource and name. */
    public static ApiException forbiddenRequest(String group, String resource, String name, String why) {
        String qualified = group.isEmpty() ? resource : resource + "." + group;
        String subject = qualified.isEmpty() ? "forbidden" : name.isEmpty() ? qualified + " is forbidden"
                : qualified + " \"" + name + "\" is forbidden";
        return new ApiException(403, "Forbidden", subject + ": " + why, name.isEmpty() ? null : name,
                group.isEmpty() ? null : group, resource, List.of(), null);
    }

    /** 403 with a message and no details, as a refused non-resource request is answered. */
    public static ApiException forbiddenPlain(String message) {
        return of(403, "Forbidden", message);
    }

    /** 403 naming the resource as {@code resource} (with {@code group}) spells it, e.g. "poddisruptionbudget". */
    public static ApiException forbidden(String group, String resource, String name, String why) {
        String qualified = group.isEmpty() ? resource : resource + "." + group;
        return new ApiException(403, "Forbidden", qualified + " \"" + name + "\" is forbidden: " + why, name, group,
                resource, List.of(), null);
    }

    /**
     * 429 as the eviction subresource refuses a pod its PodDisruptionBudget protects: a {@code DisruptionBudget}
     * cause; {@code retryAfterSeconds} null or 0 for none (and then no Retry-After header).
     */
    public static ApiException disruptionBudget(String cause, Integer retryAfterSeconds) {
        return new ApiException(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption "
                + "budget.", null, null, null, List.of(new Cause("DisruptionBudget", cause, null)),
                retryAfterSeconds == null || retryAfterSeconds == 0 ? null : retryAfterSeconds);
    }

    /** 504 Timeout (errors.NewTimeoutError). */
    public static ApiException timeout(String message, int retryAfterSeconds) {
        return new ApiException(504, "Timeout", "Timeout: " + message, null, null, null, List.of(), retryAfterSeconds);
    }

    /** A failure Status with only a code and a message, as a handler that returns a Status object answers. */
    public static ApiException failure(int code, String message) {
        return new ApiException(code, null, message, null, null, null, List.of(), null);
    }

    public static ApiException methodNotAllowed(String method) {
        return of(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    }

    public static ApiException unsupportedMediaType(String contentType, List<String> accepted) {
        return of(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
                + String.join(", ", accepted));
    }

    public static ApiException tooLarge() {
        return of(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
    }

    public static ApiException expired(String message) {
        return of(410, "Expired", message);
    }

    /** 429, as the API server's priority and fairness answers a request it sheds: retry after a second. */
    public static ApiException tooManyRequests() {
        return new ApiException(429, "TooManyRequests", "Too many requests, please try again later.", null, null,
                null, List.of(), 1);
    }

    /** The seconds a client should wait before it retries, or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException internal(String message) {
        return of(500, "InternalError", "Internal error occurred: " + message);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public List<Cause> causes() {
        return causes;
    }

    /** The {@code Status} object of this failure. */
    public ObjectNode toStatus() {
        ObjectNode status = Json.object();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", getMessage());
        if (reason != null) {
            status.put("reason", reason);
        }
        if (name != null || kind != null || !causes.isEmpty() || retryAfterSeconds != null) {
            ObjectNode details = status.putObject("details");
            if (name != null) {
                details.put("name", name);
            }
            if (group != null && !group.isEmpty()) {
                details.put("group", group);
            }
            if (kind != null) {
                details.put("kind", kind);
            }
            if (!causes.isEmpty()) {
                ArrayNode array = details.putArray("causes");
                for (Cause c : causes) {
                    ObjectNode cause = array.addObject();
                    cause.put("reason", c.reason()).put("message", c.message());
                    if (c.field() != null) {
                        cause.put("field", c.field());
                    }
                }
            }
            if (retryAfterSeconds != null) {
                details.put("retryAfterSeconds", retryAfterSeconds);
            }
        }
        status.put("code", code);
        return status;
    }
}
