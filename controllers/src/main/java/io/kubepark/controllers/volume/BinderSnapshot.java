package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one sync of the PersistentVolume binder reads. The planner trusts it completely: a claim absent from
 * {@code claims} is a deleted claim, so the caller must confirm a missing or re-created claim against the
 * API server (as Kubernetes does with a live GET) before handing the snapshot over.
 *
 * @param volumes every PersistentVolume; the order stands in for informer order and breaks ties between
 *     equally small volumes (the first one wins)
 * @param claims every PersistentVolumeClaim, keyed {@code namespace/name}
 * @param classes every StorageClass
 * @param pods every pod, used to name the pods a WaitForFirstConsumer claim is waiting for and the pods
 *     that still use a volume about to be recycled
 * @param now the control plane's clock
 */
public record BinderSnapshot(List<JsonNode> volumes, Map<String, JsonNode> claims, List<JsonNode> classes,
                             List<JsonNode> pods, Instant now) {
}
