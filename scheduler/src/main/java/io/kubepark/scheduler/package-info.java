/**
 * The scheduler: not written yet. Pods stay unscheduled until it arrives; a pod created with
 * {@code spec.nodeName} set is taken as already bound.
 */
package io.kubepark.scheduler;
