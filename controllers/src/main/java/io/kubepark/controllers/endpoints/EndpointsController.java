package io.kubepark.controllers.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Listings;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import io.kubepark.controllers.runtime.Writes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Endpoints, EndpointSlice and EndpointSlice-mirroring controllers around {@link EndpointsPlanner}: a change
 * to a Service, to a pod of its namespace, to a node (zones) or to its slices and Endpoints queues the Service;
 * a sync reads them from the store and writes what the planner says.
 */
public final class EndpointsController implements AutoCloseable {
    private static final DateTimeFormatter NANO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final ApiServer api;
    private final Timeline timeline;
    private final ResourceType services;
    private final ResourceType pods;
    private final ResourceType nodes;
    private final ResourceType slices;
    private final ResourceType endpoints;
    private final WorkQueue queue;
    /** Namespaces whose pods changed: their selector Services are looked up on the timeline, not in the watch. */
    private final WorkQueue namespaces;
    private final List<Store.Watch> watches = new ArrayList<>();
    private final ApiServer.WriteOptions options = Writes.OPTIONS;

    public EndpointsController(ApiServer api, Timeline timeline) {
        this.api = api;
        this.timeline = timeline;
        this.services = api.type("", "v1", "services");
        this.pods = api.type("", "v1", "pods");
        this.nodes = api.type("", "v1", "nodes");
        this.slices = api.type("discovery.k8s.io", "v1", "endpointslices");
        this.endpoints = api.type("", "v1", "endpoints");
        this.queue = new WorkQueue(timeline, "endpointslice-controller", this::sync);
        this.namespaces = new WorkQueue(timeline, "endpointslice-controller", this::servicesOfNamespace);
    }

    public void start() {
        watches.add(Watches.events(api, services, e -> queue.add(e.object().namespace() + "/" + e.object().name())));
        // a pod can matter to any Service of its namespace whose selector matches it
        watches.add(Watches.events(api, pods, e -> namespaces.add(e.object().namespace())));
        watches.add(Watches.events(api, slices, e -> {
            String service = e.object().node().path("metadata").path("labels").path("kubernetes.io/service-name")
                    .asText("");
            if (!service.isEmpty()) {
                queue.add(e.object().namespace() + "/" + service);
            }
        }));
        // Endpoints that go are rebuilt; user-managed ones (no selector) are mirrored on every change
        watches.add(Watches.events(api, endpoints, e -> queue.add(e.object().namespace() + "/" + e.object().name())));
    }

    private boolean servicesOfNamespace(String namespace) {
        for (StoredObject s : Listings.in(api, services, namespace)) {
            if (s.node().path("spec").path("selector").size() > 0) {
                queue.add(namespace + "/" + s.name());
            }
        }
        return true;
    }

    boolean sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        StoredObject service = api.store().get(services, namespace, name);
        if (service == null) {
            // slices go with their owner through the garbage collector; Endpoints have no owner, so the Service's
            // go here, but only ones a sync of this controller wrote (user-made Endpoints of no Service stay)
            StoredObject ep = api.store().get(endpoints, namespace, name);
            if (ep == null || !managedByUs(ep)) {
                return true;
            }
            try {
                api.delete(endpoints, namespace, name, DeleteOptions.DEFAULT);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
            return true;
        }
        List<JsonNode> podList = new ArrayList<>();
        Listings.in(api, pods, namespace).forEach(o -> podList.add(o.node()));
        Map<String, JsonNode> nodeMap = new LinkedHashMap<>();
        api.store().list(nodes, Query.all(), 0, null).items().forEach(o -> nodeMap.put(o.name(), o.node()));
        List<JsonNode> sliceList = new ArrayList<>();
        api.store().list(slices, new Query(namespace, Map.of("kubernetes.io/service-name", Set.of(name)),
                o -> name.equals(o.node().path("metadata").path("labels").path("kubernetes.io/service-name").asText())),
                0, null).items().forEach(o -> sliceList.add(o.node()));
        StoredObject ep = api.store().get(endpoints, namespace, name);
        ServiceSnapshot snapshot = new ServiceSnapshot(service.node(), podList, nodeMap, sliceList,
                ep == null ? null : ep.node(), NANO.format(timeline.now()));
        List<EndpointWrite> writes = new ArrayList<>(EndpointsPlanner.endpoints(snapshot));
        writes.addAll(EndpointsPlanner.slices(snapshot));
        writes.addAll(EndpointsPlanner.mirror(snapshot));
        for (EndpointWrite write : writes) {
            if (!apply(namespace, write)) {
                return false;
            }
        }
        return true;
    }

    private static boolean managedByUs(StoredObject endpoints) {
        for (JsonNode entry : endpoints.node().path("metadata").path("managedFields")) {
            if (Writes.MANAGER.equals(entry.path("manager").asText())) {
                return true;
            }
        }
        return false;
    }

    private boolean apply(String namespace, EndpointWrite write) {
        try {
            if (write instanceof EndpointWrite.Create c) {
                api.create(type(c.resource()), namespace, c.object(), options);
            } else if (write instanceof EndpointWrite.Update u) {
                api.update(type(u.resource()), namespace, u.object().path("metadata").path("name").asText(), null,
                        u.object(), options);
            } else if (write instanceof EndpointWrite.Delete d) {
                api.delete(type(d.resource()), namespace, d.name(), DeleteOptions.DEFAULT);
            }
            return true;
        } catch (ApiException e) {
            return e.code() == 404 && write instanceof EndpointWrite.Delete;
        }
    }

    private ResourceType type(String resource) {
        return resource.equals("endpoints") ? endpoints : slices;
    }

    @Override
    public void close() {
        queue.stop();
        watches.forEach(Store.Watch::close);
    }
}
