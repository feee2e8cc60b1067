package io.kubepark.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import io.kubepark.controllers.runtime.ObjectMeta;

/**
 * The two kinds one controller keeps (rule R1): apps/v1 ReplicaSets and v1 ReplicationControllers, whose
 * selector is a plain label map.
 */
public enum ReplicaKind {
    REPLICA_SET("apps", "v1", "replicasets", "ReplicaSet", "replicaset-controller", "replicaset-controller"),
    REPLICATION_CONTROLLER("", "v1", "replicationcontrollers", "ReplicationController", "replicationcontroller",
            "replication-controller");

    private final String group;
    private final String version;
    private final String resource;
    private final String kind;
    private final String queueName;
    private final String component;

    ReplicaKind(String group, String version, String resource, String kind, String queueName, String component) {
        this.group = group;
        this.version = version;
        this.resource = resource;
        this.kind = kind;
        this.queueName = queueName;
        this.component = component;
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    public String resource() {
        return resource;
    }

    public String kind() {
        return kind;
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The work queue's name, which is also the actor of its writes in the journal. */
    public String queueName() {
        return queueName;
    }

    /** The event source component, as kube-controller-manager names it. */
    public String component() {
        return component;
    }

    /** The set's selector; a ReplicationController's is a map, and an empty one selects nothing here. */
    public LabelSelector selector(JsonNode set) throws SelectorException {
        JsonNode selector = set.path("spec").path("selector");
        if (this == REPLICATION_CONTROLLER) {
            return selector.isEmpty() ? LabelSelector.nothing() : LabelSelector.fromSet(ObjectMeta.stringMap(selector));
        }
        if (!selector.isObject()) {
            return LabelSelector.nothing();
        }
        return LabelSelector.fromLabelSelectorNode(selector);
    }
}
