package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;

/** Decides whether a pod may enter the scheduling queue at all. */
public interface PreEnqueuePlugin extends Plugin {

    Status preEnqueue(JsonNode pod);
}
