package io.kubepark.apiserver.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a read-modify-write decides for the object it read: replace it, remove it, or leave it. */
public sealed interface Change {
    record Put(ObjectNode node) implements Change {}

    record Remove() implements Change {}

    record None() implements Change {}

    static Change put(ObjectNode node) {
        return new Put(node);
    }

    static Change remove() {
        return new Remove();
    }

    static Change none() {
        return new None();
    }
}
