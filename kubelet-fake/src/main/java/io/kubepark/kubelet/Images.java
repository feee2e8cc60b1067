package io.kubepark.kubelet;

/** Image references as containerd reports them once pulled. */
final class Images {
    private Images() {}

    /** {@code nginx} → {@code docker.io/library/nginx:latest}; a digest or tag is kept. */
    static String normalized(String image) {
        String name = image;
        String suffix = ":latest";
        int at = image.indexOf('@');
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (at >= 0) {
            name = image.substring(0, at);
            suffix = image.substring(at);
        } else if (colon > slash) {
            name = image.substring(0, colon);
            suffix = image.substring(colon);
        }
        return repository(name) + suffix;
    }

    /** {@code docker.io/library/nginx@sha256:<digest>}, with a digest made up from the image when not given. */
    static String id(String image) {
        String normalized = normalized(image);
        int at = normalized.indexOf('@');
        if (at >= 0) {
            return normalized;
        }
        int colon = normalized.lastIndexOf(':');
        return normalized.substring(0, colon) + "@sha256:" + PodSimulation.sha256(normalized);
    }

    private static String repository(String name) {
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return name;
        }
        return "docker.io/" + (slash < 0 ? "library/" + name : name);
    }
}
