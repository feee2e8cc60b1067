package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A pod waiting in the caller's scheduling queue.
 *
 * @param pod      the pod
 * @param sequence the caller's enqueue counter: lower entered earlier
 */
public record QueuedPod(JsonNode pod, long sequence) {
}
