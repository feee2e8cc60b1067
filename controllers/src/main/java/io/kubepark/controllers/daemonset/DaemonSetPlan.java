package io.kubepark.controllers.daemonset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one sync of a DaemonSet does. The applier runs the history steps and stops at the first that fails (the
 * sync then ends there, without a status); then the pod steps, every one of them, as syncNodes does; then, if all
 * went well, the cleanup steps; and writes the status even when a pod step failed.
 *
 * @param history ControllerRevision adoption, labelling, creation, renumbering and de-duplication (rules 15–20)
 * @param pods pod adoption and release, then the creates, deletes and events of placement or of the rolling update
 * @param cleanup the revisions past the history limit (rule 19)
 * @param status the complete new {@code .status}, or null when it would not change
 * @param requeueAfter when to sync the set again even if nothing changes, or null
 * @param retry whether the sync fails even if every write succeeds (a hash collision, an unreadable strategy)
 * @param backoff failed-pod back-off entries to store (rule 12)
 */
public record DaemonSetPlan(List<Step> history, List<Step> pods, List<Step> cleanup, ObjectNode status,
                           Duration requeueAfter, boolean retry, Map<String, Backoff.Entry> backoff) {
    public DaemonSetPlan {
        history = List.copyOf(history);
        pods = List.copyOf(pods);
        cleanup = List.copyOf(cleanup);
        backoff = Map.copyOf(backoff);
    }

    static DaemonSetPlan nothing() {
        return new DaemonSetPlan(List.of(), List.of(), List.of(), null, null, false, Map.of());
    }

    /** All steps in the order the applier takes them. */
    public List<Step> steps() {
        List<Step> all = new java.util.ArrayList<>(history);
        all.addAll(pods);
        all.addAll(cleanup);
        return all;
    }
}
