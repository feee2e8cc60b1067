package io.kubepark.controllers.deployment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One write of a {@link DeploymentPlan}, or an event to record on the deployment. */
public sealed interface DeploymentStep {

    /** Replaces a ReplicaSet's ownerReferences: adoption or release (rule D3); {@code uid} is a precondition. */
    record SetOwnerReferences(String replicaSet, String uid, ArrayNode ownerReferences) implements DeploymentStep {
    }

    /** Creates the new ReplicaSet (rule D5); its name is final. */
    record CreateReplicaSet(ObjectNode replicaSet) implements DeploymentStep {
    }

    /**
     * Writes a ReplicaSet's annotations, {@code spec.replicas} and {@code spec.minReadySeconds} as planned in
     * {@code replicaSet} (rules D7, D10–D14); {@code uid} is a precondition.
     */
    record UpdateReplicaSet(String name, String uid, ObjectNode replicaSet) implements DeploymentStep {
    }

    /** Deletes an old ReplicaSet beyond the history limit (rule D13). */
    record DeleteReplicaSet(String name, String uid) implements DeploymentStep {
    }

    /**
     * Writes the deployment's status and, as deployments/status allows, its annotations (rule D7).
     *
     * @param annotations the whole {@code metadata.annotations}, or null to leave them
     */
    record WriteStatus(ObjectNode status, ObjectNode annotations) implements DeploymentStep {
    }

    /** An event on the deployment. */
    record Event(String type, String reason, String message) implements DeploymentStep {
    }
}
