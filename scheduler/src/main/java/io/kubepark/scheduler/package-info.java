/**
 * The scheduler's decision core: a {@link io.kubepark.scheduler.Framework} of plugins that, given a pod and a
 * {@link io.kubepark.scheduler.ClusterView}, picks a node or explains in Kubernetes' words why none fits.
 * Nothing here performs I/O, starts threads or reads a clock; the caller binds, patches and retries.
 */
package io.kubepark.scheduler;
