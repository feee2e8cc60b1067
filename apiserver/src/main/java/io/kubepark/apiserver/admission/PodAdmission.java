package io.kubepark.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.util.List;
import java.util.function.Predicate;

/**
 * The mutating admission a new Pod passes on a default v1.33 server: ServiceAccount (name, token volume and
 * mounts), DefaultTolerationSeconds and Priority.
 */
public final class PodAdmission {
    static final String TOKEN_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

    private PodAdmission() {}

    /**
     * Admits a pod. {@code serviceAccount} tells whether a ServiceAccount exists in the pod's namespace and
     * returns its {@code automountServiceAccountToken} (null when unset), or throws when it is missing.
     *
     * @param suffix five random characters for the token volume's name
     */
    public static void admit(ObjectNode pod, java.util.function.Function<String, JsonNode> serviceAccount,
            String suffix) {
        admit(pod, serviceAccount, suffix, name -> null, () -> null);
    }

    /**
     * Admits a pod, resolving its {@code priorityClassName} (D7): {@code priorityClass} returns the named class or
     * null, {@code globalDefault} the class marked {@code globalDefault} or null. An unknown class, or a
     * {@code spec.priority} that differs from the class's value, is refused with the admission plugin's message
     * ({@link IllegalArgumentException}; the caller answers 403).
     */
    public static void admit(ObjectNode pod, java.util.function.Function<String, JsonNode> serviceAccount,
            String suffix, java.util.function.Function<String, JsonNode> priorityClass,
            java.util.function.Supplier<JsonNode> globalDefault) {
        priority(Json.child(pod, "spec"), priorityClass, globalDefault);
        ObjectNode spec = Json.child(pod, "spec");
        String sa = spec.path("serviceAccountName").asText("");
        if (sa.isEmpty()) {
            sa = spec.path("serviceAccount").asText("");
        }
        if (sa.isEmpty()) {
            sa = "default";
        }
        spec.put("serviceAccountName", sa);
        spec.put("serviceAccount", sa);
        JsonNode account = serviceAccount.apply(sa);
        boolean mount = spec.has("automountServiceAccountToken")
                ? spec.path("automountServiceAccountToken").asBoolean(true)
                : account.path("automountServiceAccountToken").asBoolean(true);
        if (mount && !hasTokenMount(spec)) {
            String volume = "kube-api-access-" + suffix;
            spec.withArray("volumes").add(tokenVolume(volume));
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : spec.path(list)) {
                    if (c instanceof ObjectNode container) {
                        container.withArray("volumeMounts").addObject().put("name", volume).put("readOnly", true)
                                .put("mountPath", TOKEN_MOUNT);
                    }
                }
            }
        }
        tolerate(spec, "node.kubernetes.io/not-ready");
        tolerate(spec, "node.kubernetes.io/unreachable");
        if (!spec.has("priority")) {
            spec.put("priority", 0);
        }
        if (!spec.has("preemptionPolicy")) {
            spec.put("preemptionPolicy", "PreemptLowerPriority");
        }
    }

    private static void priority(ObjectNode spec, java.util.function.Function<String, JsonNode> priorityClass,
            java.util.function.Supplier<JsonNode> globalDefault) {
        String name = spec.path("priorityClassName").asText("");
        JsonNode pc;
        if (name.isEmpty()) {
            pc = globalDefault.get();
            if (pc == null) {
                return;
            }
            spec.put("priorityClassName", pc.path("metadata").path("name").asText());
        } else {
            pc = priorityClass.apply(name);
            if (pc == null) {
                throw new IllegalArgumentException("no PriorityClass with name " + name + " was found");
            }
        }
        long value = pc.path("value").asLong(0);
        if (spec.has("priority") && spec.path("priority").asLong() != value) {
            throw new IllegalArgumentException("the integer value of priority (" + spec.path("priority").asLong()
                    + ") must not be provided in pod spec; priority admission controller computed " + value
                    + " from the given PriorityClass name");
        }
        spec.put("priority", value);
        spec.put("preemptionPolicy", pc.path("preemptionPolicy").asText("PreemptLowerPriority"));
    }

    private static boolean hasTokenMount(ObjectNode spec) {
        Predicate<JsonNode> isToken = m -> m.path("mountPath").asText().equals(TOKEN_MOUNT);
        for (JsonNode c : spec.path("containers")) {
            for (JsonNode m : c.path("volumeMounts")) {
                if (isToken.test(m)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ObjectNode tokenVolume(String name) {
        ObjectNode volume = Json.object();
        volume.put("name", name);
        ObjectNode projected = volume.putObject("projected");
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", 3607).put("path", "token");
        ObjectNode ca = sources.addObject().putObject("configMap");
        ca.put("name", "kube-root-ca.crt");
        ca.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        ObjectNode item = sources.addObject().putObject("downwardAPI").putArray("items").addObject();
        item.putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        item.put("path", "namespace");
        projected.put("defaultMode", 420);
        return volume;
    }

    /** DefaultTolerationSeconds: 300 s for NoExecute taints of not-ready and unreachable nodes, unless tolerated. */
    private static void tolerate(ObjectNode spec, String key) {
        for (JsonNode t : spec.path("tolerations")) {
            String k = t.path("key").asText("");
            String effect = t.path("effect").asText("");
            boolean matchesKey = k.equals(key) || (k.isEmpty() && t.path("operator").asText().equals("Exists"));
            if (matchesKey && (effect.isEmpty() || effect.equals("NoExecute"))) {
                return;
            }
        }
        spec.withArray("tolerations").addObject().put("key", key).put("operator", "Exists")
                .put("effect", "NoExecute").put("tolerationSeconds", 300);
    }
}
