package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.util.ArrayList;
import java.util.List;

/** The pods that reference a claim, as Kubernetes' pod-by-claim index finds them. */
final class ClaimUsers {
    private ClaimUsers() {
    }

    /** Names of the live pods using the claim that have no node yet, in snapshot order. */
    static List<String> unscheduled(List<JsonNode> pods, String namespace, String claim) {
        List<String> names = new ArrayList<>();
        for (JsonNode pod : live(pods, namespace, claim)) {
            if (pod.path("spec").path("nodeName").asText("").isEmpty()) {
                names.add(ObjectMeta.name(pod));
            }
        }
        return names;
    }

    /** {@code namespace/name} of every live pod using the claim, sorted. */
    static List<String> users(List<JsonNode> pods, String namespace, String claim) {
        List<String> names = new ArrayList<>();
        for (JsonNode pod : live(pods, namespace, claim)) {
            names.add(namespace + "/" + ObjectMeta.name(pod));
        }
        names.sort(null);
        return names;
    }

    private static List<JsonNode> live(List<JsonNode> pods, String namespace, String claim) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode pod : pods) {
            if (ObjectMeta.namespace(pod).equals(namespace) && claimNames(pod).contains(claim) && !terminated(pod)) {
                out.add(pod);
            }
        }
        return out;
    }

    /** The claims a pod names: direct references, and its generic ephemeral volumes' claims {@code <pod>-<volume>}. */
    static List<String> claimNames(JsonNode pod) {
        List<String> out = new ArrayList<>();
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            if (volume.has("persistentVolumeClaim")) {
                out.add(volume.path("persistentVolumeClaim").path("claimName").asText());
            } else if (volume.has("ephemeral")) {
                out.add(ObjectMeta.name(pod) + "-" + volume.path("name").asText());
            }
        }
        return out;
    }

    /** Succeeded or Failed, or being deleted with no container running (IsPodTerminated). */
    private static boolean terminated(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return true;
        }
        if (!ObjectMeta.deleting(pod)) {
            return false;
        }
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            JsonNode state = status.path("state");
            if (!state.has("terminated") && !state.has("waiting")) {
                return false;
            }
        }
        return true;
    }
}
