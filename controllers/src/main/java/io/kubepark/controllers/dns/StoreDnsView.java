package io.kubepark.controllers.dns;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Watches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the DNS server answers from, read from the store as it is now, with two indexes kept by watches: services
 * by cluster IP and EndpointSlices by endpoint address (for PTR), and the time of the last change (the SOA serial).
 */
public final class StoreDnsView implements DnsView, AutoCloseable {
    private final ApiServer api;
    private final Timeline timeline;
    private final ResourceType services;
    private final ResourceType slices;
    private final ResourceType namespaces;
    private final Map<String, Set<String>> servicesByIp = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> slicesByAddress = new ConcurrentHashMap<>();
    private final Map<String, List<String>> ipsOfService = new ConcurrentHashMap<>();
    private final Map<String, List<String>> addressesOfSlice = new ConcurrentHashMap<>();
    private final List<Store.Watch> watches = new ArrayList<>();
    private volatile long serial;

    public StoreDnsView(ApiServer api, Timeline timeline) {
        this.api = api;
        this.timeline = timeline;
        this.services = api.type("", "v1", "services");
        this.slices = api.type("discovery.k8s.io", "v1", "endpointslices");
        this.namespaces = api.type("", "v1", "namespaces");
        this.serial = timeline.now().getEpochSecond();
        watches.add(Watches.events(api, services, e -> index(e, ipsOfService, servicesByIp, ips(e.object().node()))));
        watches.add(Watches.events(api, slices, e -> index(e, addressesOfSlice, slicesByAddress,
                addresses(e.object().node()))));
    }

    private void index(WatchEvent e, Map<String, List<String>> keysOf, Map<String, Set<String>> byKey,
            List<String> keys) {
        String id = e.object().namespace() + "/" + e.object().name();
        List<String> before = keysOf.remove(id);
        if (before != null) {
            before.forEach(k -> {
                Set<String> ids = byKey.get(k);
                if (ids != null) {
                    ids.remove(id);
                }
            });
        }
        if (e.type() != WatchEvent.Type.DELETED) {
            keysOf.put(id, keys);
            keys.forEach(k -> byKey.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(id));
        }
        serial = timeline.now().getEpochSecond();
    }

    private static List<String> ips(JsonNode service) {
        List<String> out = new ArrayList<>();
        service.path("spec").path("clusterIPs").forEach(ip -> out.add(ip.asText()));
        String ip = service.path("spec").path("clusterIP").asText("");
        if (out.isEmpty() && !ip.isEmpty() && !ip.equals("None")) {
            out.add(ip);
        }
        return out;
    }

    private static List<String> addresses(JsonNode slice) {
        List<String> out = new ArrayList<>();
        for (JsonNode endpoint : slice.path("endpoints")) {
            endpoint.path("addresses").forEach(a -> out.add(a.asText()));
        }
        return out;
    }

    @Override
    public JsonNode service(String namespace, String name) {
        StoredObject o = api.store().get(services, namespace, name);
        return o == null ? null : o.node();
    }

    @Override
    public List<JsonNode> slicesOf(String namespace, String service) {
        List<JsonNode> out = new ArrayList<>();
        Query query = new Query(namespace, Map.of("kubernetes.io/service-name", Set.of(service)),
                o -> service.equals(o.node().path("metadata").path("labels").path("kubernetes.io/service-name").asText()));
        api.store().list(slices, query, 0, null).items().forEach(o -> out.add(o.node()));
        return out;
    }

    @Override
    public boolean namespaceExists(String name) {
        return api.store().get(namespaces, null, name) != null;
    }

    @Override
    public List<JsonNode> servicesWithClusterIp(String ip) {
        return resolve(servicesByIp.get(ip), services);
    }

    @Override
    public List<JsonNode> slicesWithAddress(String ip) {
        return resolve(slicesByAddress.get(ip), slices);
    }

    private List<JsonNode> resolve(Set<String> ids, ResourceType type) {
        List<JsonNode> out = new ArrayList<>();
        if (ids != null) {
            for (String id : ids) {
                int slash = id.indexOf('/');
                StoredObject o = api.store().get(type, id.substring(0, slash), id.substring(slash + 1));
                if (o != null) {
                    out.add(o.node());
                }
            }
        }
        return out;
    }

    @Override
    public long serial() {
        return serial;
    }

    @Override
    public void close() {
        watches.forEach(Store.Watch::close);
    }
}
