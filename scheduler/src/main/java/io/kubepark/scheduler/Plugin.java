package io.kubepark.scheduler;

/** A scheduler plugin; it implements the extension-point interfaces it takes part in. */
public interface Plugin {

    /** The plugin's name as in the kube-scheduler configuration, e.g. {@code NodeResourcesFit}. */
    String name();
}
