package io.kubepark.controllers.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import java.util.Locale;

/**
 * Records core/v1 Events about objects, as client-go's recorder does: one Event per object, reason and message,
 * named {@code <object>.<unique suffix>}; a repeat bumps its count and lastTimestamp instead of adding another.
 */
public final class EventRecorder {
    private final ApiServer api;
    private final String component;
    private final ResourceType events;

    public EventRecorder(ApiServer api, String component) {
        this.api = api;
        this.component = component;
        this.events = api.type("", "v1", "events");
    }

    /** Records a {@code Normal} event. */
    public void normal(ResourceType type, StoredObject about, String reason, String message) {
        record(type, about, "Normal", reason, message);
    }

    /** Records a {@code Warning} event. */
    public void warning(ResourceType type, StoredObject about, String reason, String message) {
        record(type, about, "Warning", reason, message);
    }

    /** Records an event of {@code eventType}: {@code Warning}, or {@code Normal} for any other value. */
    public void record(ResourceType type, StoredObject about, String eventType, String reason, String message) {
        String namespace = about.namespace() == null ? "default" : about.namespace();
        String name = about.name() + "." + Integer.toHexString((about.uid() + reason + message).hashCode())
                .toLowerCase(Locale.ROOT);
        String now = api.now();
        try {
            api.modify(events, namespace, name, null, e -> {
                e.put("count", e.path("count").asInt(1) + 1);
                e.put("lastTimestamp", now);
                return e;
            });
            return;
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
        ObjectNode event = Json.object();
        event.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode involved = event.putObject("involvedObject");
        involved.put("kind", type.kind()).put("apiVersion", type.apiVersion()).put("name", about.name());
        if (about.namespace() != null) {
            involved.put("namespace", about.namespace());
        }
        involved.put("uid", about.uid()).put("resourceVersion", Long.toString(about.resourceVersion()));
        event.put("reason", reason).put("message", message).put("type", "Warning".equals(eventType) ? "Warning" : "Normal");
        event.putObject("source").put("component", component);
        event.put("firstTimestamp", now).put("lastTimestamp", now).put("count", 1);
        event.put("reportingComponent", component).put("reportingInstance", component);
        try {
            api.create(events, namespace, event, ApiServer.WriteOptions.DEFAULT);
        } catch (ApiException e) {
            if (!"AlreadyExists".equals(e.reason())) {
                throw e;
            }
        }
    }
}
