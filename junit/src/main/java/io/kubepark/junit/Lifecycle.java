package io.kubepark.junit;

/** How long one cluster lives. */
public enum Lifecycle {
    /** One cluster for all tests of a class, shared by tests that run in parallel. */
    PER_CLASS,
    /** A new cluster for every test. */
    PER_TEST
}
