/**
 * Fake kubelets: not written yet. No node is registered and no pod moves past {@code Pending}.
 */
package io.kubepark.kubelet;
