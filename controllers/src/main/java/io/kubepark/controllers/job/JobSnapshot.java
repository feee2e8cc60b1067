package io.kubepark.controllers.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Everything one sync of one Job reads.
 *
 * @param job the Job as stored (defaults and generated selector applied)
 * @param pods the pods of the Job's namespace
 * @param now the control plane's clock
 * @param backoff the failures since the last success, as recorded by earlier syncs ({@link BackoffRecord#NONE} at
 *     first)
 */
public record JobSnapshot(JsonNode job, List<JsonNode> pods, Instant now, BackoffRecord backoff) {
}
