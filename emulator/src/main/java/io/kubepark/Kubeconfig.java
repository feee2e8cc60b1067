package io.kubepark;

/** The kubeconfig of a running cluster: one cluster, one user, context {@code kubepark}, current. */
final class Kubeconfig {
    private Kubeconfig() {}

    static String render(String url) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: kubepark
                  cluster:
                    server: %s
                users:
                - name: kubepark-admin
                  user:
                    token: kubepark
                contexts:
                - name: kubepark
                  context:
                    cluster: kubepark
                    user: kubepark-admin
                    namespace: default
                current-context: kubepark
                preferences: {}
                """.formatted(url);
    }
}
