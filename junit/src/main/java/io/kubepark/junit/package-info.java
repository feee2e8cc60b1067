/**
 * The JUnit 5 extension: not written yet. Until then start a cluster per test class with
 * {@code io.kubepark.KubePark.builder().start()} from {@code kubepark-emulator}.
 */
package io.kubepark.junit;
