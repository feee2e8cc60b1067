package io.kubepark.junit;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;

/** Clients of the official Java client, of the version the test brings. */
final class OfficialClients {
    private OfficialClients() {
    }

    static ApiClient client(String kubeconfig) {
        try {
            return ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(new StringReader(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build an ApiClient from the kubeconfig", e);
        }
    }
}
