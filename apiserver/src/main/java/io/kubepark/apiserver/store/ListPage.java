package io.kubepark.apiserver.store;

import java.util.List;

/**
 * One page of a consistent list.
 *
 * @param resourceVersion the revision the whole list walk reads at
 * @param items           the objects of this page, in key order
 * @param nextKey         the last key of this page when more objects remain, else null
 * @param remaining       how many matching objects follow this page
 */
public record ListPage(long resourceVersion, List<StoredObject> items, String nextKey, long remaining) {}
