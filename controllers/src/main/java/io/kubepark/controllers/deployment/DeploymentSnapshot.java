package io.kubepark.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Everything one sync of one deployment reads.
 *
 * @param deployment the deployment as stored
 * @param replicaSets every ReplicaSet of its namespace
 * @param pods every pod of its namespace (the Recreate strategy looks at them, rule D12)
 * @param now the control plane's clock: condition times and the progress deadline
 */
public record DeploymentSnapshot(JsonNode deployment, List<JsonNode> replicaSets, List<JsonNode> pods, Instant now) {
}
