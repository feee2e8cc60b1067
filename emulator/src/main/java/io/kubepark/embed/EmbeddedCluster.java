package io.kubepark.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubepark.KubePark;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.journal.Journal;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.kubelet.ContainerBehaviour;
import io.kubepark.kubelet.NodeShape;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Type;

/**
 * A KubePark cluster seen through JDK types only. The JUnit extension loads the control plane in a class loader
 * of its own, so that KubePark's copies of fabric8's model, Vert.x and Jackson never meet the test's; it reaches
 * the cluster through this class, by reflection, and every argument and result here is a JDK type.
 */
public final class EmbeddedCluster implements AutoCloseable {
    private static final YAMLMapper YAML = new YAMLMapper();

    private final KubePark park;

    private EmbeddedCluster(KubePark park) {
        this.park = park;
    }

    /**
     * Starts a cluster. Options, all optional: {@code nodes}, {@code nodeCpu}, {@code nodeMemory},
     * {@code nodePods}, {@code virtualClock} ({@code true}), {@code featureGates} ({@code Gate=true,...}),
     * {@code host}, {@code dnsPort}, {@code defaultStorageClasses} ({@code false} to leave them out).
     */
    public static EmbeddedCluster start(Map<String, String> options) {
        KubePark.Builder b = KubePark.builder();
        if (options.containsKey("host")) {
            b.host(options.get("host"));
        }
        if (options.containsKey("nodes")) {
            b.nodes(Integer.parseInt(options.get("nodes")));
        }
        NodeShape shape = NodeShape.DEFAULT;
        b.nodeShape(new NodeShape(options.getOrDefault("nodeCpu", shape.cpu()),
                options.getOrDefault("nodeMemory", shape.memory()),
                Integer.parseInt(options.getOrDefault("nodePods", Integer.toString(shape.pods())))));
        if (Boolean.parseBoolean(options.get("virtualClock"))) {
            b.virtualClock();
        }
        if (options.containsKey("dnsPort")) {
            b.dnsPort(Integer.parseInt(options.get("dnsPort")));
        }
        if ("false".equals(options.get("defaultStorageClasses"))) {
            b.defaultStorageClasses(false);
        }
        String gates = options.getOrDefault("featureGates", "");
        for (String gate : gates.split(",")) {
            if (!gate.isBlank()) {
                String[] kv = gate.trim().split("=", 2);
                b.featureGate(kv[0], kv.length < 2 || Boolean.parseBoolean(kv[1]));
            }
        }
        KubePark park = b.start();
        park.journal();
        return new EmbeddedCluster(park);
    }

    public String url() {
        return park.url();
    }

    public String kubeconfig() {
        return park.kubeconfig();
    }

    public boolean virtualClock() {
        return park.options().virtualClock();
    }

    public Instant now() {
        return park.now();
    }

    public void advance(Duration amount) {
        park.advance(amount);
    }

    public void awaitIdle() {
        park.awaitIdle();
    }

    public int dnsPort() {
        return park.dnsPort();
    }

    /** The answer's records for {@code name} and a record type such as {@code A} or {@code SRV}, as zone text. */
    public List<String> lookup(String name, String type) {
        int code = Type.value(type);
        if (code < 0) {
            throw new IllegalArgumentException("unknown DNS record type " + type);
        }
        List<String> out = new ArrayList<>();
        for (org.xbill.DNS.Record r : park.lookup(name, code)) {
            out.add(r.rdataToString());
        }
        return out;
    }

    public List<String> nodeNames() {
        return park.nodeNames();
    }

    public void stopHeartbeats(String node) {
        park.stopHeartbeats(node);
    }

    public void resumeHeartbeats(String node) {
        park.resumeHeartbeats(node);
    }

    /**
     * Scripts a container: {@code startupDelay}, {@code readyAfter}, {@code exitAfter}, {@code stopDelay} as ISO
     * durations ({@code PT5S}) or {@code never}; {@code exitCode}, {@code stopExitCode}; {@code imagePullError}.
     */
    public void behave(String namespace, String pod, String container, Map<String, String> how) {
        ContainerBehaviour b = ContainerBehaviour.UNSET;
        if (how.containsKey("startupDelay")) {
            b = b.withStartupDelay(duration(how.get("startupDelay")));
        }
        if (how.containsKey("readyAfter")) {
            b = b.withReadyAfter(duration(how.get("readyAfter")));
        }
        if (how.containsKey("exitAfter")) {
            b = b.withExit(duration(how.get("exitAfter")), Integer.parseInt(how.getOrDefault("exitCode", "0")));
        }
        if (how.containsKey("stopDelay")) {
            b = b.withStopDelay(duration(how.get("stopDelay")));
        }
        if (how.containsKey("stopExitCode")) {
            b = b.withStopExitCode(Integer.parseInt(how.get("stopExitCode")));
        }
        if (how.containsKey("imagePullError")) {
            b = b.withImagePullError(how.get("imagePullError"));
        }
        park.behave(namespace, pod, Map.of(container, b));
    }

    private static Duration duration(String text) {
        return text.equalsIgnoreCase("never") ? ContainerBehaviour.NEVER : Duration.parse(text);
    }

    public void writeLog(String namespace, String pod, String container, String line) {
        park.writeLog(namespace, pod, container, line);
    }

    public void failProvisioning(String storageClass, String message) {
        park.failProvisioning(storageClass, message);
    }

    public void healProvisioning(String storageClass) {
        park.healProvisioning(storageClass);
    }

    public void fail(String verb, String resource, int code, int times) {
        park.faults().fail(verb, resource, code, times);
    }

    public void expireNextWatch(String resource) {
        park.faults().expireNextWatch(resource);
    }

    public void dropWatches(String resource) {
        park.faults().dropWatches(resource);
    }

    public void clearFaults() {
        park.faults().clear();
    }

    /** The sequence number of the journal's newest entry. */
    public long journalMark() {
        return park.journal().last();
    }

    /**
     * The journal's entries after {@code sequence}, each as {@code [sequence, time, actor, action, kind,
     * namespace, name, resourceVersion, state]} (namespace empty for cluster-scoped objects).
     */
    public List<List<String>> journalSince(long sequence) {
        List<List<String>> out = new ArrayList<>();
        for (Journal.Entry e : park.journal().since(sequence)) {
            out.add(List.of(Long.toString(e.sequence()), e.time().toString(), e.actor(), e.action(), e.kind(),
                    e.namespace() == null ? "" : e.namespace(), e.name(), Long.toString(e.resourceVersion()),
                    e.state()));
        }
        return out;
    }

    /** Creates every object of a YAML stream (one or more documents); returns {@code kind/name} of each. */
    public List<String> create(String yaml, String defaultNamespace) {
        List<String> created = new ArrayList<>();
        ApiServer api = park.api();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || !doc.isObject() || doc.isEmpty()) {
                    continue;
                }
                ObjectNode obj = (ObjectNode) doc;
                String apiVersion = obj.path("apiVersion").asText();
                String kind = obj.path("kind").asText();
                ResourceType type = api.registry().byKind(apiVersion, kind).orElseThrow(() ->
                        new IllegalArgumentException("no kind " + kind + " in " + apiVersion + " on this cluster"));
                String ns = type.namespaced() ? obj.path("metadata").path("namespace").asText(defaultNamespace) : null;
                StoredObject o = api.create(type, ns, obj, ApiServer.WriteOptions.DEFAULT);
                created.add(kind + "/" + o.name());
                if (kind.equals("CustomResourceDefinition")) {
                    park.awaitIdle();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
        } catch (ApiException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        park.awaitIdle();
        return created;
    }

    /** Deletes a namespace and, through the namespace controller, everything in it. */
    public void deleteNamespace(String name) {
        try {
            park.api().delete(park.api().type("", "v1", "namespaces"), null, name, DeleteOptions.DEFAULT);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /** The keys ({@code resource/name}) of every cluster-scoped object now: a baseline for {@link #reset}. */
    public Set<String> clusterScoped() {
        Set<String> keys = new HashSet<>();
        for (ResourceType type : clusterScopedTypes().values()) {
            for (StoredObject o : park.api().store().list(type, Query.all(), 0, null).items()) {
                keys.add(type.storageKey() + "/" + o.name());
            }
        }
        return keys;
    }

    /**
     * Puts cluster-scoped state back to {@code baseline}: deletes the cluster-scoped objects (namespaces too)
     * created since, clears injected faults, heals provisioning and brings every node's heartbeat back.
     * Returns the keys it deleted.
     */
    public List<String> reset(Set<String> baseline) {
        park.faults().clear();
        List<String> deleted = new ArrayList<>();
        for (ResourceType type : clusterScopedTypes().values()) {
            for (StoredObject o : park.api().store().list(type, Query.all(), 0, null).items()) {
                String key = type.storageKey() + "/" + o.name();
                if (!baseline.contains(key) && !o.node().path("metadata").has("deletionTimestamp")) {
                    try {
                        park.api().delete(type, null, o.name(), DeleteOptions.DEFAULT);
                        deleted.add(key);
                    } catch (ApiException e) {
                        // gone already, or refused: the next reset tries again
                    }
                }
            }
        }
        for (String node : park.nodeNames()) {
            park.resumeHeartbeats(node);
        }
        park.awaitIdle();
        return deleted;
    }

    private Map<String, ResourceType> clusterScopedTypes() {
        Map<String, ResourceType> byKey = new LinkedHashMap<>();
        for (ResourceType t : park.api().registry().all()) {
            if (!t.namespaced() && t.supports("list") && t.supports("delete")) {
                byKey.putIfAbsent(t.storageKey(), t);
            }
        }
        return byKey;
    }

    @Override
    public void close() {
        park.close();
    }
}
