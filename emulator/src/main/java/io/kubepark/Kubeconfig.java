package io.kubepark;

/** The kubeconfig of a running cluster: one cluster, one user, context {@code kubepark}, current. */
final class Kubeconfig {
    private Kubeconfig() {}

    /** {@code caData}: the base64 CA certificate of a TLS server, or null over plain HTTP. */
    static String render(String url, String caData, String token) {
        String ca = caData == null ? "" : "\n    certificate-authority-data: " + caData;
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: kubepark
                  cluster:
                    server: %s%s
                users:
                - name: kubepark-admin
                  user:
                    token: %s
                contexts:
                - name: kubepark
                  context:
                    cluster: kubepark
                    user: kubepark-admin
                    namespace: default
                current-context: kubepark
                preferences: {}
                """.formatted(url, ca, token);
    }
}
