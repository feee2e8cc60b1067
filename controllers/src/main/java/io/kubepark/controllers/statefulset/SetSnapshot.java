package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one sync of one StatefulSet reads.
 *
 * @param set the StatefulSet as stored (defaults applied)
 * @param pods every pod in the set's namespace
 * @param claims every PersistentVolumeClaim in the namespace, by name
 * @param revisions every ControllerRevision in the namespace
 * @param now the control plane's clock, against which availability ({@code minReadySeconds}) is judged
 * @param maxUnavailableGate whether the MaxUnavailableStatefulSet feature gate is on (off by default in 1.33)
 */
public record SetSnapshot(JsonNode set, List<JsonNode> pods, Map<String, JsonNode> claims,
                          List<JsonNode> revisions, Instant now, boolean maxUnavailableGate) {
}
