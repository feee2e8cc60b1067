package io.kubepark.controllers.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Everything one sync of one PodDisruptionBudget reads.
 *
 * @param budget the PodDisruptionBudget as stored
 * @param pods the pods of its namespace that its selector selects, in any phase (rule 10)
 * @param owners the pods' controllers and their scale
 * @param now the control plane's clock
 */
public record BudgetSnapshot(JsonNode budget, List<JsonNode> pods, Owners owners, Instant now) {
    public BudgetSnapshot {
        pods = List.copyOf(pods);
    }
}
