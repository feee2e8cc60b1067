package io.kubepark.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a KubePark cluster, or against the cluster of a given kubeconfig (system property
 * {@code kubepark.kubeconfig} or environment variable {@code KUBEPARK_KUBECONFIG}).
 *
 * <pre>{@code
 * @KubeParkTest(nodes = 3, virtualClock = true)
 * class WebTest {
 *     @Test
 *     void webComesUp(KubernetesClient client, KubePark park) { ... }
 * }
 * }</pre>
 *
 * Fields and parameters of type {@code io.fabric8.kubernetes.client.KubernetesClient},
 * {@code io.kubernetes.client.openapi.ApiClient} and {@link KubePark}, and those annotated {@link Kubeconfig}
 * or {@link ApiUrl}, are injected.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KubeParkExtension.class)
public @interface KubeParkTest {
    /** Nodes with a fake kubelet: {@code node-1} to {@code node-N}. */
    int nodes() default 3;

    /** Allocatable CPU of each node. */
    String nodeCpu() default "4";

    /** Allocatable memory of each node. */
    String nodeMemory() default "16Gi";

    /** Pods each node accepts. */
    int nodePods() default 110;

    /** Time stands still until {@link KubePark#advance} moves it. */
    boolean virtualClock() default false;

    /**
     * YAML created in the cluster before the first test, CRDs first if listed first: classpath resources, or
     * files when no such resource exists.
     */
    String[] manifests() default {};

    /** Feature gates, {@code Name=true} or {@code Name=false}. */
    String[] featureGates() default {};

    Isolation isolation() default Isolation.NAMESPACE_PER_TEST;

    Lifecycle lifecycle() default Lifecycle.PER_CLASS;
}
