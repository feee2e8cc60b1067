package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one sync of one DaemonSet reads.
 *
 * @param daemonSet the DaemonSet as stored (defaults applied)
 * @param pods every pod in the set's namespace
 * @param nodes every node
 * @param revisions every ControllerRevision in the set's namespace
 * @param now the control plane's clock, against which availability and back-off are judged
 * @param backoff the failed-pod back-off entries the controller keeps (rule 12), by key
 */
public record DaemonSetSnapshot(JsonNode daemonSet, List<JsonNode> pods, List<JsonNode> nodes,
                                List<JsonNode> revisions, Instant now, Map<String, Backoff.Entry> backoff) {
    public DaemonSetSnapshot {
        pods = List.copyOf(pods);
        nodes = List.copyOf(nodes);
        revisions = List.copyOf(revisions);
        backoff = Map.copyOf(backoff);
    }
}
