package io.kubepark.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a CustomResourceDefinition says about one served version of its resource.
 *
 * @param crdName        the definition's name, {@code <plural>.<group>}
 * @param schema         the version's {@code openAPIV3Schema}
 * @param status         whether the status subresource is enabled
 * @param scale          the {@code subresources.scale} object, or null
 * @param printerColumns the version's {@code additionalPrinterColumns}, or null
 * @param selectableFields JSON paths of the version's {@code selectableFields}, without the leading dot
 */
public record CustomResource(String crdName, JsonNode schema, boolean status, JsonNode scale, JsonNode printerColumns,
        List<String> selectableFields) {
    public CustomResource {
        selectableFields = List.copyOf(selectableFields);
    }
}
