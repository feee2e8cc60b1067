package io.kubepark.controllers.volume;

import io.kubepark.controllers.runtime.ObjectMeta;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny in-memory API: holds the objects, hands out snapshots, applies {@link BinderStep}s the way the
 * applier does (one write each, resourceVersion bumped, lastPhaseTransitionTime on a phase change), and
 * records events.
 */
final class FakeStorage {
    final Map<String, ObjectNode> volumes = new LinkedHashMap<>();
    final Map<String, ObjectNode> claims = new LinkedHashMap<>();
    final List<ObjectNode> classes = new ArrayList<>();
    final List<ObjectNode> pods = new ArrayList<>();
    final List<BinderStep.Event> events = new ArrayList<>();
    Instant now = BinderFixtures.T0.plusSeconds(60);

    FakeStorage add(BinderFixtures.VolumeBuilder... builders) {
        for (BinderFixtures.VolumeBuilder b : builders) {
            ObjectNode pv = b.build();
            volumes.put(ObjectMeta.name(pv), pv);
        }
        return this;
    }

    FakeStorage add(BinderFixtures.ClaimBuilder... builders) {
        for (BinderFixtures.ClaimBuilder b : builders) {
            ObjectNode pvc = b.build();
            claims.put(Storage.claimKey(ObjectMeta.namespace(pvc), ObjectMeta.name(pvc)), pvc);
        }
        return this;
    }

    FakeStorage add(BinderFixtures.ClassBuilder... builders) {
        for (BinderFixtures.ClassBuilder b : builders) {
            classes.add(b.build());
        }
        return this;
    }

    FakeStorage add(BinderFixtures.PodBuilder... builders) {
        for (BinderFixtures.PodBuilder b : builders) {
            pods.add(b.build());
        }
        return this;
    }

    BinderSnapshot snapshot() {
        return new BinderSnapshot(List.copyOf(volumes.values()), Map.copyOf(claims), List.copyOf(classes),
                List.copyOf(pods), now);
    }

    ObjectNode volume(String name) {
        return volumes.get(name);
    }

    ObjectNode claim(String name) {
        return claims.get(Storage.claimKey(BinderFixtures.NS, name));
    }

    void deleteClaim(String name) {
        claims.remove(Storage.claimKey(BinderFixtures.NS, name));
    }

    /** Plans a claim sync and applies it. */
    List<BinderStep> syncClaim(String name) {
        List<BinderStep> steps = VolumeBinder.syncClaim(snapshot(), BinderFixtures.NS, name);
        apply(steps);
        return steps;
    }

    /** Plans a volume sync and applies it. */
    List<BinderStep> syncVolume(String name) {
        List<BinderStep> steps = VolumeBinder.syncVolume(snapshot(), name);
        apply(steps);
        return steps;
    }

    /** Syncs every volume, then every claim, until a round writes nothing; fails if that never happens. */
    void settle() {
        for (int round = 0; round < 20; round++) {
            int writes = 0;
            for (String name : List.copyOf(volumes.keySet())) {
                writes += writes(syncVolume(name));
            }
            for (ObjectNode claim : List.copyOf(claims.values())) {
                writes += writes(syncClaim(ObjectMeta.name(claim)));
            }
            if (writes == 0) {
                assertBindingsConsistent();
                return;
            }
        }
        throw new AssertionError("the binder did not settle in 20 rounds");
    }

    /** Every Bound claim points at a Bound volume whose claimRef points back at it, uid included. */
    void assertBindingsConsistent() {
        for (ObjectNode claim : claims.values()) {
            if (!"Bound".equals(Storage.phase(claim))) {
                continue;
            }
            ObjectNode pv = volumes.get(Storage.volumeName(claim));
            assertThat(pv).as("volume of bound claim %s", ObjectMeta.name(claim)).isNotNull();
            assertThat(Storage.phase(pv)).isEqualTo("Bound");
            assertThat(pv.path("spec").path("claimRef").path("uid").asText()).isEqualTo(ObjectMeta.uid(claim));
        }
    }

    static int writes(List<BinderStep> steps) {
        return (int) steps.stream().filter(s -> !(s instanceof BinderStep.Event)).count();
    }

    /** Applies steps in order; stops at the first whose object is gone, as the applier does. */
    boolean apply(List<BinderStep> steps) {
        for (BinderStep step : steps) {
            if (!applyOne(step)) {
                return false;
            }
        }
        return true;
    }

    private boolean applyOne(BinderStep step) {
        if (step instanceof BinderStep.Event e) {
            events.add(e);
            return true;
        }
        if (step instanceof BinderStep.DeleteVolume d) {
            return volumes.remove(d.volume()) != null;
        }
        if (step instanceof BinderStep.SetVolumeClaimRef r) {
            ObjectNode pv = volumes.get(r.volume());
            if (pv == null) {
                return false;
            }
            ObjectNode spec = (ObjectNode) pv.get("spec");
            if (r.claimRef() == null) {
                spec.remove("claimRef");
            } else {
                spec.set("claimRef", r.claimRef().deepCopy());
            }
            annotate(pv, Storage.BOUND_BY_CONTROLLER, r.boundByController());
            return bump(pv);
        }
        if (step instanceof BinderStep.SetVolumePhase p) {
            ObjectNode pv = volumes.get(p.volume());
            if (pv == null) {
                return false;
            }
            ObjectNode status = Json.child(pv, "status");
            if (!p.phase().equals(status.path("phase").asText())) {
                status.put("lastPhaseTransitionTime", now.toString());
            }
            status.put("phase", p.phase());
            if (p.message() == null) {
                status.remove("message");
            } else {
                status.put("message", p.message());
            }
            return bump(pv);
        }
        if (step instanceof BinderStep.SetClaimVolumeName v) {
            ObjectNode pvc = claims.get(Storage.claimKey(v.namespace(), v.claim()));
            if (pvc == null) {
                return false;
            }
            ((ObjectNode) pvc.get("spec")).put("volumeName", v.volumeName());
            if (v.boundByController()) {
                annotate(pvc, Storage.BOUND_BY_CONTROLLER, true);
            }
            annotate(pvc, Storage.BIND_COMPLETED, true);
            return bump(pvc);
        }
        if (step instanceof BinderStep.SetClaimStatus c) {
            ObjectNode pvc = claims.get(Storage.claimKey(c.namespace(), c.claim()));
            if (pvc == null) {
                return false;
            }
            ObjectNode status = Json.child(pvc, "status");
            status.put("phase", c.phase());
            if (!c.phase().equals("Bound")) {
                status.remove("accessModes");
                status.remove("capacity");
            }
            if (c.accessModes() != null) {
                status.set("accessModes", c.accessModes().deepCopy());
            }
            if (c.capacity() != null) {
                status.set("capacity", c.capacity().deepCopy());
            }
            return bump(pvc);
        }
        if (step instanceof BinderStep.SetClaimClass c) {
            ObjectNode pvc = claims.get(Storage.claimKey(c.namespace(), c.claim()));
            if (pvc == null) {
                return false;
            }
            ((ObjectNode) pvc.get("spec")).put("storageClassName", c.storageClassName());
            return bump(pvc);
        }
        if (step instanceof BinderStep.RequestProvisioning r) {
            ObjectNode pvc = claims.get(Storage.claimKey(r.namespace(), r.claim()));
            if (pvc == null) {
                return false;
            }
            ObjectNode annotations = Json.child((ObjectNode) pvc.get("metadata"), "annotations");
            annotations.put(Storage.STORAGE_PROVISIONER, r.provisioner());
            annotations.put(Storage.BETA_STORAGE_PROVISIONER, r.provisioner());
            return bump(pvc);
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    private static void annotate(ObjectNode obj, String key, boolean present) {
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        if (present) {
            Json.child(meta, "annotations").put(key, "yes");
        } else if (meta.get("annotations") instanceof ObjectNode a) {
            a.remove(key);
        }
    }

    /** Every write raises resourceVersion, which the test checks always grows. */
    private static boolean bump(ObjectNode obj) {
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        long before = Long.parseLong(meta.path("resourceVersion").asText("0"));
        meta.put("resourceVersion", Long.toString(before + 1));
        assertThat(Long.parseLong(meta.get("resourceVersion").asText())).isGreaterThan(before);
        return true;
    }

    /** The events recorded on an object, as "Type Reason: message". */
    List<String> eventsOn(String name) {
        List<String> out = new ArrayList<>();
        for (BinderStep.Event e : events) {
            if (e.name().equals(name)) {
                out.add(e.type() + " " + e.reason() + ": " + e.message());
            }
        }
        return out;
    }

    static JsonNode annotations(JsonNode obj) {
        return obj.path("metadata").path("annotations");
    }
}
