package io.kubepark.apiserver.registry;

import java.util.List;

/** A subresource of a resource, as discovery lists it: {@code pods/status}, {@code deployments/scale}. */
public record Subresource(String name, String group, String version, String kind, List<String> verbs) {
    public Subresource {
        verbs = List.copyOf(verbs);
    }
}
