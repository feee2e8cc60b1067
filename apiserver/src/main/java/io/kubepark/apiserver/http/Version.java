package io.kubepark.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;

/** The {@code /version} document: a v1.33 server, so every client picks its 1.33 behaviour. */
final class Version {
    static final String MAJOR = "1";
    static final String MINOR = "33";
    static final String GIT_VERSION = "v1.33.1";

    private final byte[] bytes;

    Version() {
        ObjectNode v = Json.object();
        v.put("major", MAJOR).put("minor", MINOR);
        v.put("emulationMajor", MAJOR).put("emulationMinor", MINOR);
        v.put("minCompatibilityMajor", MAJOR).put("minCompatibilityMinor", "32");
        v.put("gitVersion", GIT_VERSION);
        v.put("gitCommit", "0000000000000000000000000000000000000000");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2025-05-15T00:00:00Z");
        v.put("goVersion", "go1.24.2");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        bytes = Json.bytes(v);
    }

    byte[] bytes() {
        return bytes;
    }
}
