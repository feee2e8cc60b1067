package io.kubepark.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The head every fixture object starts with, shared by the controllers' test fixtures. */
public final class TestObjects {
    private TestObjects() {
    }

    /**
     * Writes {@code apiVersion}, {@code kind} and metadata {@code name}, {@code namespace} and uid
     * {@code <name>-uid} into {@code object}, and returns the metadata for the fixture to go on with.
     */
    public static ObjectNode head(ObjectNode object, String apiVersion, String kind, String namespace, String name) {
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        ObjectNode meta = object.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", namespace);
        meta.put("uid", name + "-uid");
        return meta;
    }
}
