package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.Store;
import io.kubepark.apiserver.store.StoredObject;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.time.Timeline;
import io.kubepark.controllers.runtime.Watches;
import io.kubepark.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PersistentVolume binder (pkg/controller/volume/persistentvolume): a queue of claims and a queue of volumes,
 * each synced by {@link VolumeBinder} from the store's current objects and applied by {@link BinderApplier}, plus a
 * resync of everything every 15 seconds (B2).
 */
public final class PersistentVolumeController implements AutoCloseable {
    /** --pvclaimbinder-sync-period. */
    public static final Duration RESYNC = Duration.ofSeconds(15);

    private final ApiServer api;
    private final Timeline timeline;
    private final ResourceType claims;
    private final ResourceType volumes;
    private final ResourceType classes;
    private final ResourceType pods;
    private final BinderApplier applier;
    private final WorkQueue claimQueue;
    private final WorkQueue volumeQueue;
    private final List<Store.Watch> watches = new ArrayList<>();
    private Timeline.Timer resync;
    private volatile boolean closed;

    public PersistentVolumeController(ApiServer api, Timeline timeline) {
        this.api = api;
        this.timeline = timeline;
        this.claims = api.type("", "v1", "persistentvolumeclaims");
        this.volumes = api.type("", "v1", "persistentvolumes");
        this.classes = api.type("storage.k8s.io", "v1", "storageclasses");
        this.pods = api.type("", "v1", "pods");
        this.applier = new BinderApplier(api);
        this.claimQueue = new WorkQueue(timeline, "persistent-volume-binder", this::syncClaim);
        this.volumeQueue = new WorkQueue(timeline, "persistent-volume-binder", this::syncVolume);
    }

    public void start() {
        watches.add(Watches.events(api, claims, e -> {
            StoredObject c = e.object();
            if (e.type() == WatchEvent.Type.DELETED) {
                // deleting a claim looks at its volume (rule 70)
                String volume = c.node().path("spec").path("volumeName").asText("");
                if (!volume.isEmpty()) {
                    volumeQueue.add(volume);
                }
            }
            claimQueue.add(c.namespace() + "/" + c.name());
        }));
        watches.add(Watches.events(api, volumes, e -> {
            if (e.type() != WatchEvent.Type.DELETED) {
                volumeQueue.add(e.object().name());
            }
            JsonNode ref = e.object().node().path("spec").path("claimRef");
            if (ref.has("name")) {
                claimQueue.add(ref.path("namespace").asText() + "/" + ref.path("name").asText());
            }
        }));
        // a new default class reaches claims that have none (rule 84)
        watches.add(Watches.events(api, classes, e -> resyncClaims()));
        resync = timeline.schedule(RESYNC, this::resync);
    }


    private void resync() {
        if (closed) {
            return;
        }
        resyncClaims();
        for (StoredObject v : api.store().list(volumes, Query.all(), 0, null).items()) {
            volumeQueue.add(v.name());
        }
        resync = timeline.schedule(RESYNC, this::resync);
    }

    private void resyncClaims() {
        for (StoredObject c : api.store().list(claims, Query.all(), 0, null).items()) {
            claimQueue.add(c.namespace() + "/" + c.name());
        }
    }

    /** The binder's view; pods only of {@code podNamespace} (null for none), as only claims' events need them. */
    private BinderSnapshot snapshot(String podNamespace) {
        Map<String, JsonNode> claimMap = new LinkedHashMap<>();
        for (StoredObject c : api.store().list(claims, Query.all(), 0, null).items()) {
            claimMap.put(c.namespace() + "/" + c.name(), c.node());
        }
        List<JsonNode> podList = podNamespace == null ? List.of()
                : nodes(pods, new Query(podNamespace, Map.of(), o -> true));
        return new BinderSnapshot(nodes(volumes, Query.all()), claimMap, nodes(classes, Query.all()), podList,
                timeline.now());
    }

    private List<JsonNode> nodes(ResourceType type, Query query) {
        List<JsonNode> out = new ArrayList<>();
        api.store().list(type, query, 0, null).items().forEach(o -> out.add(o.node()));
        return out;
    }

    boolean syncClaim(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        if (api.store().get(claims, namespace, name) == null) {
            releaseVolumesOf(namespace, name);
            return true;
        }
        return applier.apply(VolumeBinder.syncClaim(snapshot(namespace), namespace, name));
    }

    /** The volumes still referring to a claim that is gone. */
    private void releaseVolumesOf(String namespace, String claim) {
        for (StoredObject v : api.store().list(volumes, Query.all(), 0, null).items()) {
            JsonNode ref = v.node().path("spec").path("claimRef");
            if (ref.path("name").asText().equals(claim) && ref.path("namespace").asText().equals(namespace)) {
                volumeQueue.add(v.name());
            }
        }
    }

    boolean syncVolume(String name) {
        if (api.store().get(volumes, null, name) == null) {
            return true;
        }
        return applier.apply(VolumeBinder.syncVolume(snapshot(null), name));
    }

    @Override
    public void close() {
        closed = true;
        if (resync != null) {
            resync.cancel();
        }
        claimQueue.stop();
        volumeQueue.stop();
        watches.forEach(Store.Watch::close);
    }
}
