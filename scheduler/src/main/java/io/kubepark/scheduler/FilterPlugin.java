package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;

/** Decides whether the pod may run on one node. */
public interface FilterPlugin extends Plugin {

    Status filter(CycleState state, JsonNode pod, NodeInfo node);
}
