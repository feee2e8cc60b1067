package io.kubepark.controllers.endpoints;

/** Label and annotation keys of the discovery API. */
final class Keys {
    static final String SERVICE_NAME = "kubernetes.io/service-name";
    static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String SKIP_MIRROR = "endpointslice.kubernetes.io/skip-mirror";
    static final String HEADLESS = "service.kubernetes.io/headless";
    static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
    static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String SLICE_CONTROLLER = "endpointslice-controller.k8s.io";
    static final String MIRROR_CONTROLLER = "endpointslicemirroring-controller.k8s.io";
    static final String SLICES = "endpointslices";
    static final String ENDPOINTS = "endpoints";

    private Keys() {
    }
}
