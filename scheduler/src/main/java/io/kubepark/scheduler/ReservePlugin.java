package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Runs once a node is chosen, to say what the caller must prepare before binding. */
public interface ReservePlugin extends Plugin {

    /** Names of the pod's claims that must be annotated with the selected node before binding. */
    List<String> claimsAwaitingNode(CycleState state, JsonNode pod, String node);
}
