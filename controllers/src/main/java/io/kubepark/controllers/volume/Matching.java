package io.kubepark.controllers.volume;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.quantity.Quantity;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Finding the volume for a claim (rules 72-77) and checking a volume the user asked for (rule 79). */
final class Matching {
    /** The order Kubernetes prints access-mode sets in, which also names the index groups. */
    private static final List<String> MODE_ORDER =
            List.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod");

    private Matching() {
    }

    /**
     * The best volume for the claim, or null. Volumes are grouped by their exact access-mode set; the groups
     * that hold every requested mode are searched fewest modes first, and the first group with a match wins
     * even when a later group has a smaller volume.
     */
    static JsonNode findBestMatch(List<JsonNode> volumes, JsonNode claim, boolean delayBinding) {
        Set<String> requested = Storage.accessModes(claim);
        Map<Set<String>, List<JsonNode>> groups = new LinkedHashMap<>();
        for (JsonNode volume : volumes) {
            groups.computeIfAbsent(canonical(Storage.accessModes(volume)), k -> new ArrayList<>()).add(volume);
        }
        List<Set<String>> candidates = new ArrayList<>();
        for (Set<String> modes : groups.keySet()) {
            if (modes.containsAll(requested)) {
                candidates.add(modes);
            }
        }
        // Kubernetes sorts only by size, leaving equal-sized groups in map order; name order keeps ours stable.
        candidates.sort(Comparator.<Set<String>>comparingInt(Set::size).thenComparing(Matching::label));
        for (Set<String> modes : candidates) {
            JsonNode match = findMatchingVolume(claim, groups.get(modes), delayBinding);
            if (match != null) {
                return match;
            }
        }
        return null;
    }

    /**
     * Kubernetes' FindMatchingVolume on the controller path (no node): a volume pre-bound to the claim is
     * returned at once if it is large enough; otherwise the smallest Available, unclaimed volume of the
     * claim's class that the selector accepts. With delayed binding only pre-bound volumes are considered.
     */
    static JsonNode findMatchingVolume(JsonNode claim, List<JsonNode> volumes, boolean delayBinding) {
        Quantity requested = Storage.request(claim);
        String requestedClass = Storage.className(claim);
        LabelSelector selector = selector(claim);
        JsonNode smallest = null;
        Quantity smallestSize = null;
        for (JsonNode volume : volumes) {
            Quantity size = Storage.capacity(volume);
            if (Storage.volumeModeMismatch(claim, volume) || ObjectMeta.deleting(volume)) {
                continue;
            }
            // The VolumeAttributesClass gate is off in 1.33: a volume with such a class never matches.
            if (!volume.path("spec").path("volumeAttributesClassName").asText("").isEmpty()) {
                continue;
            }
            if (Storage.isVolumeBoundToClaim(volume, claim)) {
                if (size.compareTo(requested) < 0) {
                    continue;
                }
                return volume;
            }
            if (delayBinding) {
                // The scheduler binds these once it has chosen a node.
                continue;
            }
            if (!"Available".equals(Storage.phase(volume)) || Storage.claimRef(volume) != null) {
                continue;
            }
            if (selector != null && !selector.matches(ObjectMeta.labels(volume))) {
                continue;
            }
            if (!Storage.className(volume).equals(requestedClass)) {
                continue;
            }
            if (size.compareTo(requested) >= 0 && (smallest == null || smallestSize.compareTo(size) > 0)) {
                smallest = volume;
                smallestSize = size;
            }
        }
        return smallest;
    }

    /**
     * Why a volume the claim names in {@code spec.volumeName} cannot serve it, or null when it can
     * (checkVolumeSatisfyClaim). Selector and phase are deliberately not checked: the user chose this volume.
     */
    static String whyNotSatisfied(JsonNode volume, JsonNode claim) {
        if (ObjectMeta.deleting(volume)) {
            return "the volume is marked for deletion \"" + ObjectMeta.name(volume) + "\"";
        }
        if (Storage.capacity(volume).value() < Storage.request(claim).value()) {
            return "requested PV is too small";
        }
        if (!Storage.className(volume).equals(Storage.className(claim))) {
            return "storageClassName does not match";
        }
        if (Storage.volumeModeMismatch(claim, volume)) {
            return "incompatible volumeMode";
        }
        if (!Storage.accessModes(volume).containsAll(Storage.accessModes(claim))) {
            return "incompatible accessMode";
        }
        return null;
    }

    /** The claim's selector, or null for none. An invalid one (rejected by validation) selects nothing. */
    private static LabelSelector selector(JsonNode claim) {
        JsonNode node = claim.path("spec").path("selector");
        if (!Storage.present(node)) {
            return null;
        }
        try {
            return LabelSelector.fromLabelSelectorNode(node);
        } catch (SelectorException e) {
            return LabelSelector.nothing();
        }
    }

    private static Set<String> canonical(Set<String> modes) {
        Set<String> out = new TreeSet<>(
                Comparator.comparingInt(Matching::rank).thenComparing(Comparator.naturalOrder()));
        out.addAll(modes);
        return out;
    }

    private static int rank(String mode) {
        int i = MODE_ORDER.indexOf(mode);
        return i < 0 ? MODE_ORDER.size() : i;
    }

    private static String label(Set<String> modes) {
        return String.join(",", modes);
    }
}
