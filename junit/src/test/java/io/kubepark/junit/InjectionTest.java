package io.kubepark.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every injection point: fields and parameters of each supported type. */
@KubeParkTest(nodes = 1)
class InjectionTest {
    static KubePark classPark;
    static KubernetesClient classClient;

    KubernetesClient client;
    ApiClient apiClient;
    KubePark park;
    @Kubeconfig
    Path kubeconfig;
    @ApiUrl
    URI url;

    @Test
    void fieldsAreInjectedForTheTestsNamespace() throws Exception {
        assertThat(park.namespace()).startsWith("kp-fields-are-injected-for-the-tests-namespace-");
        assertThat(client.getNamespace()).isEqualTo(park.namespace());
        assertThat(client.namespaces().withName(park.namespace()).get()).isNotNull();
        assertThat(Files.readString(kubeconfig)).contains("namespace: " + park.namespace());
        assertThat(url.toString()).isEqualTo(park.url());
        assertThat(new CoreV1Api(apiClient).readNamespace(park.namespace()).execute().getMetadata().getName())
                .isEqualTo(park.namespace());
    }

    @Test
    void staticFieldsGetTheClassesCluster() {
        assertThat(classPark).isNotNull();
        assertThat(classPark.url()).isEqualTo(park.url());
        assertThat(classPark.namespace()).isEqualTo("default");
        assertThat(classClient.getNamespace()).isEqualTo("default");
        assertThat(classClient.nodes().list().getItems()).hasSize(1);
    }

    @Test
    void parametersAreInjected(KubernetesClient c, ApiClient official, KubePark p, @Kubeconfig Path path,
            @Kubeconfig File file, @Kubeconfig String pathText, @ApiUrl String text, @ApiUrl URL asUrl)
            throws Exception {
        assertThat(p.namespace()).isEqualTo(park.namespace());
        assertThat(c.getNamespace()).isEqualTo(p.namespace());
        assertThat(path).isEqualTo(file.toPath()).isEqualTo(Path.of(pathText));
        assertThat(text).isEqualTo(asUrl.toString()).isEqualTo(p.url()).startsWith("http://127.0.0.1:");
        assertThat(new CoreV1Api(official).listNode().execute().getItems()).hasSize(1);
    }
}
