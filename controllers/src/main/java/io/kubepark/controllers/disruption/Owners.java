package io.kubepark.controllers.disruption;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reads the expected-count rules make of the pods' controllers (rule 15): the built-in workloads by name, and
 * the {@code /scale} of any other kind the server serves.
 */
public interface Owners {
    /**
     * A built-in workload, or null when there is none of that name.
     *
     * @param resource "replicationcontrollers", "replicasets", "deployments" or "statefulsets"
     */
    JsonNode workload(String resource, String namespace, String name);

    /** The scale of an object of {@code kind} in {@code apiVersion}, as the scale client reads it. */
    ScaleLookup scale(String apiVersion, String kind, String namespace, String name);

    /** What a scale lookup found. */
    sealed interface ScaleLookup {
        /** The Scale: its uid (the object's) and {@code spec.replicas}. */
        record Found(String uid, int replicas) implements ScaleLookup {
        }

        /** The kind has a scale subresource but no object of that name. */
        record Missing() implements ScaleLookup {
        }

        /** The kind is not served, or has no scale subresource: the error the sync fails with. */
        record Failed(String message) implements ScaleLookup {
        }
    }
}
