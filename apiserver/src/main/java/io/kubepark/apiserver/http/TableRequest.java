package io.kubepark.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.Params;
import io.kubepark.apiserver.table.IncludeObject;

/**
 * A request for {@code meta.k8s.io Table} output ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}),
 * with the version asked for and {@code includeObject}.
 */
record TableRequest(String apiVersion, IncludeObject include) {

    /** The table the Accept header asks for first, or null when it prefers plain objects. */
    static TableRequest of(String accept, Params params) {
        if (accept == null || !accept.contains("as=Table")) {
            return null;
        }
        for (String part : accept.split(",")) {
            String p = part.replace(" ", "");
            if (p.contains("as=Table") && p.contains("g=meta.k8s.io")) {
                String version = p.contains("v=v1beta1") ? "v1beta1" : "v1";
                try {
                    return new TableRequest("meta.k8s.io/" + version,
                            IncludeObject.fromQueryParameter(params.get("includeObject")));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("includeObject: " + e.getMessage());
                }
            }
            if (p.startsWith("application/json") || p.startsWith("*/*")) {
                return null;
            }
        }
        return null;
    }

    /** Sets the table's apiVersion to the one asked for. */
    ObjectNode stamp(ObjectNode table) {
        table.put("apiVersion", apiVersion);
        return table;
    }
}
