package io.kubepark.junit;

/**
 * The clients the extension injects, built with the test's own versions of fabric8 and the official client. The
 * classes that name those libraries are touched only when the library is on the classpath.
 */
final class Clients {
    static final String FABRIC8 = "io.fabric8.kubernetes.client.KubernetesClient";
    static final String OFFICIAL = "io.kubernetes.client.openapi.ApiClient";

    private Clients() {
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, Clients.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A client of the given type name for the kubeconfig; the caller closes it when it is AutoCloseable. */
    static Object build(String typeName, String kubeconfig, String namespace) {
        if (typeName.equals(FABRIC8)) {
            return Fabric8Clients.client(kubeconfig, namespace);
        }
        if (typeName.equals(OFFICIAL)) {
            return OfficialClients.client(kubeconfig);
        }
        throw new IllegalArgumentException(typeName);
    }

    static void createNamespace(String kubeconfig, String name) {
        requireFabric8();
        Fabric8Clients.createNamespace(kubeconfig, name);
    }

    static void deleteNamespace(String kubeconfig, String name) {
        requireFabric8();
        Fabric8Clients.deleteNamespace(kubeconfig, name);
    }

    private static void requireFabric8() {
        if (!present(FABRIC8)) {
            throw new IllegalStateException("a namespace per test on a real cluster needs io.fabric8:kubernetes-client"
                    + " on the test classpath; or use isolation = Isolation.NONE");
        }
    }
}
