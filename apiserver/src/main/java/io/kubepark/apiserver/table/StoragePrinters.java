package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.Obj.NONE;
import static io.kubepark.apiserver.table.Obj.UNSET;
import static io.kubepark.apiserver.table.Obj.age;
import static io.kubepark.apiserver.table.Obj.has;
import static io.kubepark.apiserver.table.Obj.list;
import static io.kubepark.apiserver.table.Obj.name;
import static io.kubepark.apiserver.table.Obj.str;
import static io.kubepark.apiserver.table.Printer.cols;
import static io.kubepark.apiserver.table.Printer.row;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

// Volumes and storage classes: PV, PVC, StorageClass and the storage.k8s.io objects of CSI.
final class StoragePrinters {

    static final String BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";
    private static final String PV_DOCS = "https://kubernetes.io/docs/concepts/storage/persistent-volumes";

    private StoragePrinters() {
    }

    static void register(Map<String, Printer> registry) {
        registry.put("/persistentvolumes", persistentVolumes());
        registry.put("/persistentvolumeclaims", persistentVolumeClaims());
        registry.put("storage.k8s.io/storageclasses", storageClasses());
        registry.put("storage.k8s.io/volumeattributesclasses", volumeAttributesClasses());
        registry.put("storage.k8s.io/volumeattachments", volumeAttachments());
        registry.put("storage.k8s.io/csinodes", csiNodes());
        registry.put("storage.k8s.io/csidrivers", csiDrivers());
        registry.put("storage.k8s.io/csistoragecapacities", csiStorageCapacities());
    }

    private static String phaseOrTerminating(JsonNode o) {
        return Obj.deleting(o) ? "Terminating" : str(o, "status", "phase");
    }

    private static String volumeAttributesClassName(JsonNode spec) {
        return has(spec, "volumeAttributesClassName") ? str(spec, "volumeAttributesClassName") : UNSET;
    }

    private static String volumeMode(JsonNode spec) {
        return has(spec, "volumeMode") ? str(spec, "volumeMode") : UNSET;
    }

    static Printer persistentVolumes() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Capacity", "capacity is the description of the persistent volume's resources and capacity. "
                        + "More info: " + PV_DOCS + "#capacity"),
                Column.str("Access Modes", "accessModes contains all ways the volume can be mounted. More info: "
                        + PV_DOCS + "#access-modes"),
                Column.str("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume "
                        + "when released from its claim. Valid options are Retain (default for manually created "
                        + "PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle "
                        + "(deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. "
                        + "More info: " + PV_DOCS + "#reclaiming"),
                Column.str("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim. "
                        + "More info: " + PV_DOCS + "#phase"),
                Column.str("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and "
                        + "PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative "
                        + "bind between PV and PVC. More info: " + PV_DOCS + "#binding"),
                Column.str("StorageClass", "StorageClass of the pv"),
                Column.str("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
                Column.str("Reason", "reason is a brief CamelCase string that describes any failure and is meant for "
                        + "machine parsing and tidy display in the CLI."),
                Column.age(),
                Column.wide("VolumeMode", "string", "volumeMode defines if a volume is intended to be used with a formatted "
                        + "filesystem or to remain in raw block state. Value of Filesystem is implied when not included in "
                        + "spec.")),
                (o, now) -> {
                    JsonNode spec = o.path("spec");
                    String claim = "";
                    if (spec.path("claimRef").isObject()) {
                        claim = str(spec, "claimRef", "namespace") + "/" + str(spec, "claimRef", "name");
                    }
                    return row(name(o), Obj.quantity(spec.path("capacity").path("storage")),
                            Obj.accessModes(spec.path("accessModes")), str(spec, "persistentVolumeReclaimPolicy"),
                            phaseOrTerminating(o), claim, storageClassOfVolume(o), volumeAttributesClassName(spec),
                            str(o, "status", "reason"), age(o, now), volumeMode(spec));
                });
    }

    // The beta storage-class annotation wins over spec.storageClassName.
    static String storageClassOfVolume(JsonNode pv) {
        JsonNode annotations = pv.path("metadata").path("annotations");
        if (annotations.has(BETA_STORAGE_CLASS_ANNOTATION)) {
            return str(annotations, BETA_STORAGE_CLASS_ANNOTATION);
        }
        return str(pv, "spec", "storageClassName");
    }

    static Printer persistentVolumeClaims() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Status", "phase represents the current phase of PersistentVolumeClaim."),
                Column.str("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
                Column.str("Capacity", "capacity represents the actual resources of the underlying volume."),
                Column.str("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has. "
                        + "More info: " + PV_DOCS + "#access-modes-1"),
                Column.str("StorageClass", "StorageClass of the pvc"),
                Column.str("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
                Column.age(),
                Column.wide("VolumeMode", "string", "volumeMode defines what type of volume is required by the claim. "
                        + "Value of Filesystem is implied when not included in claim spec.")),
                (o, now) -> {
                    JsonNode spec = o.path("spec");
                    String capacity = "";
                    String accessModes = "";
                    if (!str(spec, "volumeName").isEmpty()) {
                        accessModes = Obj.accessModes(o.path("status").path("accessModes"));
                        capacity = Obj.quantity(o.path("status").path("capacity").path("storage"));
                    }
                    return row(name(o), phaseOrTerminating(o), str(spec, "volumeName"), capacity, accessModes,
                            storageClassOfClaim(o), volumeAttributesClassName(spec), age(o, now), volumeMode(spec));
                });
    }

    static String storageClassOfClaim(JsonNode pvc) {
        return storageClassOfVolume(pvc);
    }

    static boolean isDefaultStorageClass(JsonNode o) {
        JsonNode annotations = o.path("metadata").path("annotations");
        return "true".equals(str(annotations, "storageclass.kubernetes.io/is-default-class"))
                || "true".equals(str(annotations, "storageclass.beta.kubernetes.io/is-default-class"));
    }

    static Printer storageClasses() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Provisioner", "provisioner indicates the type of the provisioner."),
                Column.str("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned "
                        + "PersistentVolumes of this storage class. Defaults to Delete."),
                Column.str("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims should be "
                        + "provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored "
                        + "by servers that enable the VolumeScheduling feature."),
                Column.str("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow volume "
                        + "expand."),
                Column.age()),
                (o, now) -> row(
                        isDefaultStorageClass(o) ? name(o) + " (default)" : name(o),
                        str(o, "provisioner"),
                        Obj.strOr(str(o, "reclaimPolicy"), "Delete"),
                        Obj.strOr(str(o, "volumeBindingMode"), "Immediate"),
                        Obj.bool(o, false, "allowVolumeExpansion"),
                        age(o, now)));
    }

    static Printer volumeAttributesClasses() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("DriverName", "Name of the CSI driver This field is immutable."),
                Column.age()),
                (o, now) -> {
                    boolean isDefault = "true".equals(str(o, "metadata", "annotations",
                            "volumeattributesclass.alpha.kubernetes.io/is-default-class"));
                    return row(isDefault ? name(o) + " (default)" : name(o), str(o, "driverName"), age(o, now));
                });
    }

    static Printer volumeAttachments() {
        return Printer.of(cols(
                Column.nameColumn(),
                new Column("Attacher", "string", "name", "attacher indicates the name of the volume driver that MUST handle "
                        + "this request. This is the name returned by GetPluginName().", 0),
                Column.str("PV", "persistentVolumeName represents the name of the persistent volume to attach."),
                Column.str("Node", "nodeName represents the node that the volume should be attached to."),
                Column.of("Attached", "boolean", "attached indicates the volume is successfully attached. This field must "
                        + "only be set by the entity completing the attach operation, i.e. the external-attacher."),
                Column.age()),
                (o, now) -> row(name(o), str(o, "spec", "attacher"), str(o, "spec", "source", "persistentVolumeName"),
                        str(o, "spec", "nodeName"), Obj.bool(o, false, "status", "attached"), age(o, now)));
    }

    static Printer csiNodes() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.integer("Drivers", "Drivers indicates the number of CSI drivers registered on the node"),
                Column.age()),
                (o, now) -> row(name(o), Obj.size(o, "spec", "drivers"), age(o, now)));
    }

    static Printer csiDrivers() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.of("AttachRequired", "boolean", "attachRequired indicates this CSI volume driver requires an attach "
                        + "operation (because it implements the CSI ControllerPublishVolume() method), and that the "
                        + "Kubernetes attach detach controller should call the attach volume interface which checks the "
                        + "volumeattachment status and waits until the volume is attached before proceeding to mounting."),
                Column.of("PodInfoOnMount", "boolean", "podInfoOnMount indicates this CSI volume driver requires additional "
                        + "pod information (like podName, podUID, etc.) during mount operations, if set to true."),
                Column.of("StorageCapacity", "boolean", "storageCapacity indicates that the CSI volume driver wants pod "
                        + "scheduling to consider the storage capacity that the driver deployment will report by creating "
                        + "CSIStorageCapacity objects with capacity information, if set to true."),
                Column.str("TokenRequests", "tokenRequests indicates the CSI driver needs pods' service account tokens it is "
                        + "mounting volume for to do necessary authentication."),
                Column.of("RequiresRepublish", "boolean", "requiresRepublish indicates the CSI driver wants `NodePublishVolume` "
                        + "being periodically called to reflect any possible change in the mounted volume."),
                Column.str("Modes", "volumeLifecycleModes defines what kind of volumes this CSI volume driver supports."),
                Column.age()),
                (o, now) -> {
                    JsonNode spec = o.path("spec");
                    List<String> modes = new ArrayList<>();
                    list(spec, "volumeLifecycleModes").forEach(m -> modes.add(m.asText()));
                    String tokenRequests = UNSET;
                    if (spec.path("tokenRequests").isArray()) {
                        List<String> audiences = new ArrayList<>();
                        list(spec, "tokenRequests").forEach(t -> audiences.add(str(t, "audience")));
                        tokenRequests = String.join(",", audiences);
                    }
                    return row(name(o), Obj.bool(spec, true, "attachRequired"), Obj.bool(spec, false, "podInfoOnMount"),
                            Obj.bool(spec, false, "storageCapacity"), tokenRequests,
                            Obj.bool(spec, false, "requiresRepublish"),
                            modes.isEmpty() ? NONE : String.join(",", modes), age(o, now));
                });
    }

    static Printer csiStorageCapacities() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("StorageClassName", "storageClassName represents the name of the StorageClass that the reported "
                        + "capacity applies to. It must meet the same requirements as the name of a StorageClass object "
                        + "(non-empty, DNS subdomain). If that object no longer exists, the CSIStorageCapacity object is "
                        + "obsolete and should be removed by its creator. This field is immutable."),
                Column.str("Capacity", "capacity is the value reported by the CSI driver in its GetCapacityResponse for a "
                        + "GetCapacityRequest with topology and parameters that match the previous fields.")),
                (o, now) -> row(name(o), str(o, "storageClassName"),
                        has(o, "capacity") ? str(o, "capacity") : UNSET));
    }
}
