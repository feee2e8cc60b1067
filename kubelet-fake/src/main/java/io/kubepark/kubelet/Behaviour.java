package io.kubepark.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Function;

/**
 * A container's behaviour with every default filled in, or the configuration error that keeps it from starting.
 * Each setting comes from the Java override, else {@code kubepark.io/<key>.<container>}, else
 * {@code kubepark.io/<key>}, else the default.
 */
record Behaviour(Duration startupDelay, Duration readyAfter, Duration exitAfter, int exitCode, Duration stopDelay,
        int stopExitCode, String imagePullError, String configError) {

    static final String PREFIX = "kubepark.io/";

    boolean neverReady() {
        return readyAfter.equals(ContainerBehaviour.NEVER);
    }

    static Behaviour resolve(String container, JsonNode annotations, ContainerBehaviour override) {
        ContainerBehaviour o = override == null ? ContainerBehaviour.UNSET : override;
        Resolver r = new Resolver(container, annotations);
        Duration startupDelay = r.duration("startup-delay", o.startupDelay(), false);
        Duration readyAfter = r.duration("ready-after", o.readyAfter(), true);
        Duration exitAfter = r.duration("exit-after", o.exitAfter(), false);
        Integer exitCode = r.value("exit-code", o.exitCode(), Behaviour::exitCode,
                "want an exit code from 0 to 255");
        Duration stopDelay = r.duration("stop-delay", o.stopDelay(), false);
        Integer stopExitCode = r.value("stop-exit-code", o.stopExitCode(), Behaviour::exitCode,
                "want an exit code from 0 to 255");
        String pullError = r.value("image-pull-error", o.imagePullError(), v -> v.isEmpty() ? null : v, "");
        return new Behaviour(orZero(startupDelay), orZero(readyAfter), exitAfter, exitCode == null ? 0 : exitCode,
                orZero(stopDelay), stopExitCode == null ? 0 : stopExitCode, pullError, r.error);
    }

    private static Duration orZero(Duration d) {
        return d == null ? Duration.ZERO : d;
    }

    private static Integer exitCode(String v) {
        if (!v.matches("\\d{1,3}")) {
            return null;
        }
        int code = Integer.parseInt(v);
        return code <= 255 ? code : null;
    }

    /** Looks settings up and keeps the first invalid one. */
    private static final class Resolver {
        private final String container;
        private final JsonNode annotations;
        String error;

        Resolver(String container, JsonNode annotations) {
            this.container = container;
            this.annotations = annotations;
        }

        Duration duration(String key, Duration override, boolean neverAllowed) {
            String want = neverAllowed
                    ? "want a duration such as \"500ms\", \"5s\" or \"1m30s\", or \"never\""
                    : "want a duration such as \"500ms\", \"5s\" or \"1m30s\"";
            return value(key, override,
                    v -> neverAllowed && v.equals("never") ? ContainerBehaviour.NEVER : GoDuration.parse(v), want);
        }

        <T> T value(String key, T override, Function<String, T> parse, String want) {
            if (override != null) {
                return override;
            }
            String name = PREFIX + key + "." + container;
            JsonNode v = annotations.get(name);
            if (v == null) {
                name = PREFIX + key;
                v = annotations.get(name);
            }
            if (v == null) {
                return null;
            }
            T parsed = v.isTextual() ? parse.apply(v.asText()) : null;
            if (parsed == null && !(v.isTextual() && v.asText().isEmpty() && want.isEmpty())) {
                if (error == null) {
                    error = "invalid value " + v + " for annotation " + name + ": " + want;
                }
            }
            return parsed;
        }
    }
}
