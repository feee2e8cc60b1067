package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.TableTestSupport.cells;
import static io.kubepark.apiserver.table.TableTestSupport.columns;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoragePrintersTest {

    @Test
    void persistentVolume() {
        assertThat(columns("", "persistentvolumes")).containsExactly("Name", "Capacity", "Access Modes",
                "Reclaim Policy", "Status", "Claim", "StorageClass", "VolumeAttributesClass", "Reason", "Age",
                "VolumeMode*");
        assertThat(cells("", "persistentvolumes", """
                {"metadata": {"name": "pv-1", "creationTimestamp": "2025-06-01T11:00:00Z"},
                 "spec": {"capacity": {"storage": "10Gi"},
                          "accessModes": ["ReadWriteOncePod", "ReadWriteMany", "ReadWriteOnce", "ReadOnlyMany", "ReadWriteOnce"],
                          "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "standard",
                          "claimRef": {"namespace": "default", "name": "data"}, "volumeMode": "Filesystem"},
                 "status": {"phase": "Bound"}}
                """)).containsExactly("pv-1", "10Gi", "RWO,ROX,RWX,RWOP", "Retain", "Bound", "default/data", "standard",
                "<unset>", "", "60m", "Filesystem");
    }

    @Test
    void persistentVolumeBeingDeletedWithBetaClassAnnotation() {
        assertThat(cells("", "persistentvolumes", """
                {"metadata": {"name": "pv-2", "deletionTimestamp": "2025-06-01T11:00:00Z",
                              "annotations": {"volume.beta.kubernetes.io/storage-class": "legacy"}},
                 "spec": {"storageClassName": "standard", "volumeAttributesClassName": "gold"},
                 "status": {"phase": "Released", "reason": "Oops"}}
                """)).containsExactly("pv-2", "0", "", "", "Terminating", "", "legacy", "gold", "Oops", "<unknown>",
                "<unset>");
    }

    @Test
    void persistentVolumeClaim() {
        assertThat(columns("", "persistentvolumeclaims")).containsExactly("Name", "Status", "Volume", "Capacity",
                "Access Modes", "StorageClass", "VolumeAttributesClass", "Age", "VolumeMode*");
        assertThat(cells("", "persistentvolumeclaims", """
                {"metadata": {"name": "data", "creationTimestamp": "2025-06-01T11:59:00Z"},
                 "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                          "storageClassName": "standard", "volumeName": "pv-1", "volumeMode": "Filesystem"},
                 "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "2Gi"}}}
                """)).containsExactly("data", "Bound", "pv-1", "2Gi", "RWO", "standard", "<unset>", "60s", "Filesystem");
        assertThat(cells("", "persistentvolumeclaims", """
                {"metadata": {"name": "pending"},
                 "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
                 "status": {"phase": "Pending"}}
                """)).containsExactly("pending", "Pending", "", "", "", "", "<unset>", "<unknown>", "<unset>");
    }

    @Test
    void storageClass() {
        assertThat(columns("storage.k8s.io", "storageclasses")).containsExactly("Name", "Provisioner", "ReclaimPolicy",
                "VolumeBindingMode", "AllowVolumeExpansion", "Age");
        assertThat(cells("storage.k8s.io", "storageclasses", """
                {"metadata": {"name": "standard", "creationTimestamp": "2025-05-01T12:00:00Z",
                              "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
                 "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer"}
                """)).containsExactly("standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer",
                false, "31d");
        assertThat(cells("storage.k8s.io", "storageclasses", """
                {"metadata": {"name": "fast"}, "provisioner": "csi.example.com", "allowVolumeExpansion": true}
                """)).containsExactly("fast", "csi.example.com", "Delete", "Immediate", true, "<unknown>");
    }

    @Test
    void csiObjects() {
        assertThat(cells("storage.k8s.io", "volumeattachments", """
                {"metadata": {"name": "csi-123"},
                 "spec": {"attacher": "csi.example.com", "nodeName": "node-a", "source": {"persistentVolumeName": "pv-1"}},
                 "status": {"attached": true}}
                """)).containsExactly("csi-123", "csi.example.com", "pv-1", "node-a", true, "<unknown>");
        assertThat(cells("storage.k8s.io", "csidrivers", """
                {"metadata": {"name": "csi.example.com"},
                 "spec": {"attachRequired": false, "volumeLifecycleModes": ["Persistent", "Ephemeral"],
                          "tokenRequests": [{"audience": "a"}, {"audience": "b"}]}}
                """)).containsExactly("csi.example.com", false, false, false, "a,b", false, "Persistent,Ephemeral",
                "<unknown>");
        assertThat(cells("storage.k8s.io", "csinodes", """
                {"metadata": {"name": "node-a"}, "spec": {"drivers": [{"name": "x"}]}}
                """)).containsExactly("node-a", 1L, "<unknown>");
        assertThat(cells("storage.k8s.io", "csistoragecapacities", """
                {"metadata": {"name": "cap"}, "storageClassName": "standard", "capacity": "100Gi"}
                """)).containsExactly("cap", "standard", "100Gi");
    }
}
