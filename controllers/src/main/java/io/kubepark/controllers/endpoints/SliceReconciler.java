package io.kubepark.controllers.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns the desired endpoints of one Service, grouped by address type and port list, into the writes
 * that bring its existing slices in line, touching as few slices as it can: endpoints that did not change
 * stay where they are, slices with room are filled before new ones are made, and a slice that would be
 * deleted while another is created is reused instead.
 */
final class SliceReconciler {
    static final int MAX_ENDPOINTS_PER_SLICE = 100;

    /** The endpoints wanted for one address type and one port list. */
    record Group(String addressType, ArrayNode ports, List<ObjectNode> endpoints) {
        String key() {
            return groupKey(addressType, ports);
        }
    }

    /**
     * What every slice of the Service carries besides its endpoints.
     *
     * @param annotations annotations the controller owns (compared), besides the trigger time
     * @param placeholderType the address type of the empty slice kept when nothing else exists, or null
     *     when the controller keeps none (mirroring)
     */
    record SliceMeta(String namespace, String generateName, ObjectNode ownerReference, Map<String, String> labels,
            Map<String, String> annotations, String now, String placeholderType) {}

    private final SliceMeta meta;
    private final Function<JsonNode, String> endpointKey;
    private final List<JsonNode> toDelete = new ArrayList<>();
    private final List<Pending> toUpdate = new ArrayList<>();
    private final List<Pending> toCreate = new ArrayList<>();
    private final List<JsonNode> unchanged = new ArrayList<>();

    /** A slice to write: an existing one ({@code original} set) or a new one. */
    private static final class Pending {
        final JsonNode original;
        final String addressType;
        final ArrayNode ports;
        final List<JsonNode> endpoints;

        Pending(JsonNode original, String addressType, ArrayNode ports, List<JsonNode> endpoints) {
            this.original = original;
            this.addressType = addressType;
            this.ports = ports;
            this.endpoints = endpoints;
        }
    }

    private SliceReconciler(SliceMeta meta, Function<JsonNode, String> endpointKey) {
        this.meta = meta;
        this.endpointKey = endpointKey;
    }

    static List<EndpointWrite> reconcile(SliceMeta meta, List<Group> desired, List<JsonNode> existing,
            Function<JsonNode, String> endpointKey) {
        SliceReconciler r = new SliceReconciler(meta, endpointKey);
        r.plan(desired, existing);
        return r.writes();
    }

    static String groupKey(String addressType, JsonNode ports) {
        // Port order carries no meaning; two slices with the same ports in another order are one group.
        TreeSet<String> sorted = new TreeSet<>();
        if (ports != null) {
            ports.forEach(p -> sorted.add(canonical(p)));
        }
        return addressType + "|" + sorted;
    }

    private static String canonical(JsonNode port) {
        return Json.text(port, "name") + "/" + port.path("port").asInt() + "/" + KubeObjects.protocol(port) + "/"
                + Json.text(port, "appProtocol");
    }

    private void plan(List<Group> desired, List<JsonNode> existing) {
        List<JsonNode> sorted = new ArrayList<>(existing);
        sorted.sort(Comparator.comparing(s -> String.valueOf(KubeObjects.name(s))));
        Map<String, List<JsonNode>> existingByGroup = new LinkedHashMap<>();
        for (JsonNode slice : sorted) {
            existingByGroup.computeIfAbsent(groupKey(Json.text(slice, "addressType"), slice.get("ports")),
                    k -> new ArrayList<>()).add(slice);
        }
        Map<String, Group> desiredByKey = new LinkedHashMap<>();
        for (Group group : desired) {
            desiredByKey.put(group.key(), group);
        }
        existingByGroup.forEach((key, slices) -> {
            if (!desiredByKey.containsKey(key)) {
                toDelete.addAll(slices);
            }
        });
        for (Group group : desiredByKey.values()) {
            planGroup(group, existingByGroup.getOrDefault(group.key(), List.of()));
        }
        if (meta.placeholderType() != null && toCreate.isEmpty() && toUpdate.isEmpty() && unchanged.isEmpty()) {
            keepOrCreatePlaceholder();
        }
        reuseDeletedSlices();
    }

    private void planGroup(Group group, List<JsonNode> existing) {
        LinkedHashMap<String, ObjectNode> remaining = new LinkedHashMap<>();
        for (ObjectNode endpoint : group.endpoints()) {
            remaining.putIfAbsent(endpointKey.apply(endpoint), endpoint);
        }
        List<Pending> updates = new ArrayList<>();
        List<JsonNode> same = new ArrayList<>();
        for (JsonNode slice : existing) {
            List<JsonNode> kept = new ArrayList<>();
            boolean changed = false;
            for (JsonNode endpoint : slice.path("endpoints")) {
                ObjectNode wanted = remaining.remove(endpointKey.apply(endpoint));
                if (wanted == null) {
                    changed = true;
                } else if (KubeObjects.withoutRefVersion(endpoint).equals(KubeObjects.withoutRefVersion(wanted))) {
                    kept.add(endpoint);
                } else {
                    kept.add(wanted);
                    changed = true;
                }
            }
            if (kept.isEmpty()) {
                toDelete.add(slice);
            } else if (changed) {
                updates.add(new Pending(slice, group.addressType(), group.ports(), kept));
            } else {
                same.add(slice);
            }
        }
        // Slices being written anyway take new endpoints first: it costs no extra write.
        for (Pending update : updates) {
            fill(update, remaining);
        }
        // A small remainder goes into the fullest unchanged slice it fits in rather than a new slice.
        if (!remaining.isEmpty() && remaining.size() < MAX_ENDPOINTS_PER_SLICE) {
            JsonNode best = null;
            for (JsonNode slice : same) {
                int size = slice.path("endpoints").size();
                if (size + remaining.size() <= MAX_ENDPOINTS_PER_SLICE
                        && (best == null || size > best.path("endpoints").size())) {
                    best = slice;
                }
            }
            if (best != null) {
                same.remove(best);
                List<JsonNode> endpoints = new ArrayList<>();
                best.path("endpoints").forEach(endpoints::add);
                Pending update = new Pending(best, group.addressType(), group.ports(), endpoints);
                fill(update, remaining);
                updates.add(update);
            }
        }
        while (!remaining.isEmpty()) {
            Pending create = new Pending(null, group.addressType(), group.ports(), new ArrayList<>());
            fill(create, remaining);
            toCreate.add(create);
        }
        toUpdate.addAll(updates);
        unchanged.addAll(same);
    }

    private static void fill(Pending slice, LinkedHashMap<String, ObjectNode> remaining) {
        Iterator<ObjectNode> it = remaining.values().iterator();
        while (slice.endpoints.size() < MAX_ENDPOINTS_PER_SLICE && it.hasNext()) {
            slice.endpoints.add(it.next());
            it.remove();
        }
    }

    private void keepOrCreatePlaceholder() {
        for (JsonNode slice : toDelete) {
            if (meta.placeholderType().equals(Json.text(slice, "addressType"))
                    && slice.path("endpoints").size() == 0 && slice.path("ports").size() == 0) {
                toDelete.remove(slice);
                unchanged.add(slice);
                return;
            }
        }
        toCreate.add(new Pending(null, meta.placeholderType(), Json.NODES.arrayNode(), new ArrayList<>()));
    }

    /** A create and a delete of the same address type become one update of the slice that would go. */
    private void reuseDeletedSlices() {
        Iterator<JsonNode> deletes = toDelete.iterator();
        while (deletes.hasNext()) {
            JsonNode doomed = deletes.next();
            String type = Json.text(doomed, "addressType");
            for (Iterator<Pending> creates = toCreate.iterator(); creates.hasNext();) {
                Pending create = creates.next();
                if (create.addressType.equals(type)) {
                    creates.remove();
                    deletes.remove();
                    toUpdate.add(new Pending(doomed, create.addressType, create.ports, create.endpoints));
                    break;
                }
            }
        }
    }

    private List<EndpointWrite> writes() {
        List<EndpointWrite> writes = new ArrayList<>();
        for (Pending create : toCreate) {
            writes.add(new EndpointWrite.Create(Keys.SLICES, newSlice(create)));
        }
        for (Pending update : toUpdate) {
            writes.add(new EndpointWrite.Update(Keys.SLICES, updatedSlice(update)));
        }
        for (JsonNode slice : unchanged) {
            if (!metadataCurrent(slice)) {
                List<JsonNode> endpoints = new ArrayList<>();
                slice.path("endpoints").forEach(endpoints::add);
                ArrayNode ports = slice.get("ports") instanceof ArrayNode a ? a : Json.NODES.arrayNode();
                writes.add(new EndpointWrite.Update(Keys.SLICES,
                        updatedSlice(new Pending(slice, Json.text(slice, "addressType"), ports, endpoints))));
            }
        }
        for (JsonNode slice : toDelete) {
            writes.add(new EndpointWrite.Delete(Keys.SLICES, KubeObjects.name(slice)));
        }
        return List.copyOf(writes);
    }

    private boolean metadataCurrent(JsonNode slice) {
        if (!ObjectMeta.labels(slice).equals(meta.labels())) {
            return false;
        }
        Map<String, String> annotations = ObjectMeta.stringMap(slice.path("metadata").get("annotations"));
        for (Map.Entry<String, String> e : meta.annotations().entrySet()) {
            if (!e.getValue().equals(annotations.get(e.getKey()))) {
                return false;
            }
        }
        JsonNode owners = slice.path("metadata").path("ownerReferences");
        return owners.size() == 1 && owners.get(0).equals(meta.ownerReference());
    }

    private ObjectNode newSlice(Pending p) {
        ObjectNode slice = Json.object();
        slice.put("apiVersion", "discovery.k8s.io/v1");
        slice.put("kind", "EndpointSlice");
        ObjectNode metadata = slice.putObject("metadata");
        metadata.put("generateName", meta.generateName());
        metadata.put("namespace", meta.namespace());
        fillSlice(slice, p);
        return slice;
    }

    private ObjectNode updatedSlice(Pending p) {
        ObjectNode slice = p.original.deepCopy();
        fillSlice(slice, p);
        return slice;
    }

    private void fillSlice(ObjectNode slice, Pending p) {
        ObjectNode metadata = Json.child(slice, "metadata");
        metadata.set("labels", KubeObjects.toObject(meta.labels()));
        ObjectNode annotations = Json.child(metadata, "annotations");
        meta.annotations().forEach(annotations::put);
        annotations.put(Keys.TRIGGER_TIME, meta.now());
        metadata.putArray("ownerReferences").add(meta.ownerReference().deepCopy());
        slice.put("addressType", p.addressType);
        ArrayNode endpoints = slice.putArray("endpoints");
        p.endpoints.forEach(e -> endpoints.add(e.deepCopy()));
        slice.set("ports", p.ports.deepCopy());
    }
}
