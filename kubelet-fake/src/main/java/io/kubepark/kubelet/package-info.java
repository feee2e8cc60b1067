/**
 * Fake kubelets. {@link io.kubepark.kubelet.PodLifecycle} decides, without I/O, how a pod bound to a fake node
 * moves through its lifecycle: the status a kubelet would write, container logs, restarts with back-off and
 * graceful termination, driven by {@code kubepark.io/} annotations on the pod.
 */
package io.kubepark.kubelet;
