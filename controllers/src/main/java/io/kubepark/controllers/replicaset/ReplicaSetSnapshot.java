package io.kubepark.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Everything one sync of one ReplicaSet or ReplicationController reads.
 *
 * @param kind which of the two kinds {@code set} is
 * @param set the set as stored
 * @param pods every pod of the set's namespace
 * @param sets every set of that kind in the namespace, for the ranks of rule R7
 * @param now the control plane's clock, against which availability is judged
 */
public record ReplicaSetSnapshot(ReplicaKind kind, JsonNode set, List<JsonNode> pods, List<JsonNode> sets,
                                 Instant now) {
}
