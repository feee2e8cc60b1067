package io.kubepark.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The cluster as the scheduler sees it during one decision, implemented by the caller from its caches. Every
 * object is the JSON of the Kubernetes object; a lookup that finds nothing returns null.
 */
public interface ClusterView {

    /** Every node with the pods assigned to it (see {@link NodeInfo}), in a stable order. */
    List<NodeInfo> nodes();

    /** The PersistentVolumeClaim {@code namespace/name}, or null. */
    JsonNode claim(String namespace, String name);

    /** The PersistentVolume {@code name}, or null. */
    JsonNode volume(String name);

    /** The StorageClass {@code name}, or null. */
    JsonNode storageClass(String name);

    /**
     * The Namespace {@code name}, or null. Only pod affinity terms with a non-empty {@code namespaceSelector}
     * read it; a view that returns null makes such a selector match only the namespaces listed by name.
     */
    default JsonNode namespace(String name) {
        return null;
    }

    /**
     * The PodDisruptionBudgets of namespace {@code namespace}. Preemption reads them to spare, where it can, the
     * victims whose eviction a budget does not allow; a view without budgets lets every victim go.
     */
    default List<JsonNode> disruptionBudgets(String namespace) {
        return List.of();
    }
}
