package io.kubepark.scheduler.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.scheduler.PreEnqueuePlugin;
import io.kubepark.scheduler.Status;

/** A pod with {@code spec.schedulingGates} never enters the queue (D9). */
final class SchedulingGates implements PreEnqueuePlugin {

    @Override
    public String name() {
        return "SchedulingGates";
    }

    @Override
    public Status preEnqueue(JsonNode pod) {
        JsonNode gates = pod.path("spec").path("schedulingGates");
        if (gates.size() == 0) {
            return Status.success();
        }
        StringBuilder names = new StringBuilder();
        gates.forEach(g -> names.append(names.length() == 0 ? "" : " ").append(g.path("name").asText()));
        return Status.unresolvable("waiting for scheduling gates: [" + names + "]");
    }
}
