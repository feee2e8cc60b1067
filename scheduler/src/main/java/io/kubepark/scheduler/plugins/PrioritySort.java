package io.kubepark.scheduler.plugins;

import io.kubepark.scheduler.QueueSortPlugin;
import io.kubepark.scheduler.QueuedPod;

/** Higher {@code spec.priority} first; among equals, the pod enqueued earlier. */
final class PrioritySort implements QueueSortPlugin {

    @Override
    public String name() {
        return "PrioritySort";
    }

    @Override
    public int compare(QueuedPod a, QueuedPod b) {
        int byPriority = Integer.compare(PodSpecs.priority(b.pod()), PodSpecs.priority(a.pod()));
        return byPriority != 0 ? byPriority : Long.compare(a.sequence(), b.sequence());
    }
}
