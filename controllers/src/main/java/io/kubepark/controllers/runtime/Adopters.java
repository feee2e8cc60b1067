package io.kubepark.controllers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import io.kubepark.apiserver.store.StoredObject;
import java.util.Map;

/** Who may adopt an orphan: the controllers of its namespace whose selector matches its labels. */
public final class Adopters {
    /** A controller's selector; a selector that cannot be read throws and matches nothing. */
    public interface SelectorOf {
        LabelSelector of(JsonNode controller) throws SelectorException;
    }

    private Adopters() {
    }

    /** Queues ({@code namespace/name}) every object of {@code type} in the namespace whose selector matches. */
    public static void queueMatching(ApiServer api, ResourceType type, String namespace, Map<String, String> labels,
            SelectorOf selectorOf, WorkQueue queue) {
        for (StoredObject c : Listings.in(api, type, namespace)) {
            try {
                LabelSelector selector = selectorOf.of(c.node());
                if (!selector.matchesEverything() && selector.matches(labels)) {
                    queue.add(c.namespace() + "/" + c.name());
                }
            } catch (SelectorException e) {
                // an unreadable selector matches no object
            }
        }
    }
}
