package io.kubepark.scheduler.plugins;

import io.kubepark.scheduler.Framework;

/**
 * The default profile of kube-scheduler 1.33 (D1), in MultiPoint order with its score weights. Not included:
 * VolumeRestrictions, NodeVolumeLimits and ImageLocality (KubePark has no in-tree disks, CSINode limits or
 * images), and DefaultBinder (the caller binds).
 */
public final class DefaultPlugins {

    private DefaultPlugins() {
    }

    public static void register(Framework.Builder builder) {
        builder.add(new SchedulingGates())
                .add(new PrioritySort())
                .add(new NodeUnschedulable())
                .add(new NodeName())
                .add(new TaintToleration(), 3)
                .add(new NodeAffinity(), 2)
                .add(new NodePorts())
                .add(new NodeResourcesFit(), 1)
                .add(new VolumeBinding())
                .add(new VolumeZone())
                .add(new PodTopologySpread(), 2)
                .add(new InterPodAffinity(), 2)
                .add(new DefaultPreemption())
                .add(new NodeResourcesBalancedAllocation(), 1);
    }
}
