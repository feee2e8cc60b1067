package io.kubepark.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;

/**
 * persistentVolumeClaimRetentionPolicy (A10): which owner references a pod's claims should carry, and the
 * safety rules that keep the controller off claims someone else manages.
 *
 * @param deleteWithSet whenDeleted is Delete
 * @param deleteOnScaleDown whenScaled is Delete
 */
record RetentionPolicy(boolean deleteWithSet, boolean deleteOnScaleDown) {
    static final String CONFLICTING_CONTROLLER = "ConflictingController";

    /** Missing policy or fields mean Retain; a value other than Delete is treated as Retain. */
    static RetentionPolicy of(JsonNode set) {
        JsonNode policy = set.path("spec").path("persistentVolumeClaimRetentionPolicy");
        return new RetentionPolicy(policy.path("whenDeleted").asText("").equals("Delete"),
                policy.path("whenScaled").asText("").equals("Delete"));
    }

    boolean retainsAll() {
        return !deleteWithSet && !deleteOnScaleDown;
    }

    /** The pod a claim belongs to: the uid is empty for a pod that is only planned. */
    record Owner(String name, String uid, boolean scaledDown) {
        static Owner of(JsonNode set, JsonNode pod) {
            return new Owner(ObjectMeta.name(pod), ObjectMeta.uid(pod), !Identity.inOrdinalRange(set,
                    Identity.ordinal(pod)));
        }
    }

    private static boolean matchesSet(JsonNode ref, JsonNode set) {
        return matches(ref, Meta.APPS_V1, Meta.STATEFUL_SET, ObjectMeta.name(set));
    }

    private static boolean matchesPod(JsonNode ref, Owner pod) {
        return matches(ref, "v1", "Pod", pod.name());
    }

    private static boolean matches(JsonNode ref, String apiVersion, String kind, String name) {
        return ref.path("apiVersion").asText().equals(apiVersion) && ref.path("kind").asText().equals(kind)
                && ref.path("name").asText().equals(name);
    }

    private static String uid(JsonNode ref) {
        return ref.path("uid").asText("");
    }

    /** A ref naming the set (or pod) by kind and name but with another uid: left to the garbage collector. */
    static boolean hasStaleSetRef(JsonNode claim, JsonNode set) {
        for (JsonNode ref : claim.path("metadata").path("ownerReferences")) {
            if (matchesSet(ref, set)) {
                return !uid(ref).equals(ObjectMeta.uid(set));
            }
        }
        return false;
    }

    static boolean hasStalePodRef(JsonNode claim, Owner pod) {
        for (JsonNode ref : claim.path("metadata").path("ownerReferences")) {
            if (matchesPod(ref, pod)) {
                return !uid(ref).equals(pod.uid());
            }
        }
        return false;
    }

    /** Another object is the claim's controller (or a stale ref of ours), while the policy deletes something. */
    boolean hasUnexpectedController(JsonNode claim, JsonNode set, Owner pod) {
        if (retainsAll()) {
            return false;
        }
        for (JsonNode ref : claim.path("metadata").path("ownerReferences")) {
            if (matchesSet(ref, set)) {
                if (!uid(ref).equals(ObjectMeta.uid(set))) {
                    return true;
                }
                continue;
            }
            if (matchesPod(ref, pod)) {
                if (!uid(ref).equals(pod.uid())) {
                    return true;
                }
                continue;
            }
            if (ref.path("controller").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasNonControllerOwner(JsonNode claim, JsonNode set, Owner pod) {
        for (JsonNode ref : claim.path("metadata").path("ownerReferences")) {
            if ((uid(ref).equals(ObjectMeta.uid(set)) || uid(ref).equals(pod.uid()))
                    && !ref.path("controller").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasOwnerRef(JsonNode claim, String ownerUid) {
        for (JsonNode ref : claim.path("metadata").path("ownerReferences")) {
            if (uid(ref).equals(ownerUid)) {
                return true;
            }
        }
        return false;
    }

    /** isClaimOwnerUpToDate: the table of rule 54, except where a safety rule says not to touch the claim. */
    boolean isUpToDate(JsonNode claim, JsonNode set, Owner pod) {
        if (hasStaleSetRef(claim, set) || hasStalePodRef(claim, pod)) {
            return true;
        }
        boolean setRef = hasOwnerRef(claim, ObjectMeta.uid(set));
        boolean podRef = hasOwnerRef(claim, pod.uid());
        if (hasUnexpectedController(claim, set, pod)) {
            return !setRef && !podRef;
        }
        if (hasNonControllerOwner(claim, set, pod)) {
            return false;
        }
        return setRef == wantsSetRef(pod) && podRef == wantsPodRef(pod);
    }

    private boolean wantsSetRef(Owner pod) {
        return deleteWithSet && !(deleteOnScaleDown && pod.scaledDown());
    }

    private boolean wantsPodRef(Owner pod) {
        return deleteOnScaleDown && pod.scaledDown();
    }

    /**
     * updateClaimOwnerRefForSetAndPod: our refs are scrubbed, then the wanted ones appended as controller refs
     * after any foreign refs; with a foreign controller none are added.
     */
    ArrayNode updatedRefs(JsonNode claim, JsonNode set, Owner pod) {
        boolean unexpected = hasUnexpectedController(claim, set, pod);
        ArrayNode refs = Json.NODES.arrayNode();
        for (JsonNode ref : claim.path("metadata").path("ownerReferences")) {
            if (!matchesSet(ref, set) && !matchesPod(ref, pod)) {
                refs.add(ref.deepCopy());
            }
        }
        if (unexpected) {
            return refs;
        }
        if (wantsPodRef(pod) && !contains(refs, pod.uid())) {
            refs.add(Meta.controllerRef("v1", "Pod", pod.name(), pod.uid()));
        }
        if (wantsSetRef(pod) && !contains(refs, ObjectMeta.uid(set))) {
            refs.add(Meta.setRef(set));
        }
        return refs;
    }

    private static boolean contains(ArrayNode refs, String uid) {
        for (JsonNode ref : refs) {
            if (uid(ref).equals(uid)) {
                return true;
            }
        }
        return false;
    }

    /** PodClaimIsStale: under whenScaled=Delete, a claim still owned by an earlier pod of the same name. */
    boolean claimIsStale(JsonNode claim, Owner pod) {
        return deleteOnScaleDown && claim != null && hasStalePodRef(claim, pod);
    }

    static String conflictMessage(String claimName) {
        return "PersistentVolumeClaim " + claimName + " has a conflicting OwnerReference that acts as a manging"
                + " controller, the retention policy is ignored for this claim";
    }
}
