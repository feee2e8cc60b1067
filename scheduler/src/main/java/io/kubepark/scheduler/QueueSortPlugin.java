package io.kubepark.scheduler;

import java.util.Comparator;

/** Orders the scheduling queue: the pod that compares lowest is tried first. */
public interface QueueSortPlugin extends Plugin, Comparator<QueuedPod> {
}
