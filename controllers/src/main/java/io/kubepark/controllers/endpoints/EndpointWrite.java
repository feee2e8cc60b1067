package io.kubepark.controllers.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One write the applier performs for the Endpoints, EndpointSlice or mirroring controller. */
public sealed interface EndpointWrite {
    /** The resource written: {@code "endpointslices"} or {@code "endpoints"}. */
    String resource();

    /**
     * Create the object. EndpointSlices carry {@code metadata.generateName} and no name; Endpoints carry the
     * Service's name.
     */
    record Create(String resource, ObjectNode object) implements EndpointWrite {}

    /** Replace the object: a full object with {@code metadata.name} and the {@code resourceVersion} read. */
    record Update(String resource, ObjectNode object) implements EndpointWrite {}

    /** Delete the named object of the Service's namespace. */
    record Delete(String resource, String name) implements EndpointWrite {}
}
