/**
 * The JUnit 5 extension: a KubePark cluster per test class or per test, a namespace per test, clients of the
 * test's own fabric8 or official-client version injected, the control plane's timeline, a virtual clock and
 * injected faults. Start with {@link io.kubepark.junit.KubeParkTest} on a test class, or register a
 * {@link io.kubepark.junit.KubeParkExtension} built with {@link io.kubepark.junit.KubeParkExtension#builder()}.
 */
package io.kubepark.junit;
