package io.kubepark.junit;

/** What a test shares with the tests before and beside it. */
public enum Isolation {
    /**
     * Each test gets its own namespace, removed after it; cluster-scoped objects a test made (PersistentVolumes,
     * StorageClasses, CRDs, other namespaces) are removed once no test of the cluster is running, and injected
     * faults and stopped nodes are put back.
     */
    NAMESPACE_PER_TEST,
    /** Tests share the {@code default} namespace and whatever the tests before them left behind. */
    NONE
}
