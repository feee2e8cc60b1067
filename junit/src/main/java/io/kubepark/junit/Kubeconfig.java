package io.kubepark.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the cluster's kubeconfig file into a {@code java.nio.file.Path}, {@code java.io.File} or
 * {@code String} (the file's path). Its context's namespace is the test's namespace, so kubectl run with it
 * works in the test's namespace.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Kubeconfig {
}
