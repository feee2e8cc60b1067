package io.kubepark.apiserver.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiServer;
import java.util.List;

/**
 * The ClusterRoles and ClusterRoleBindings every API server bootstraps (a subset of
 * {@code plugin/pkg/auth/authorizer/rbac/bootstrappolicy}): cluster-admin for system:masters, the admin, edit and
 * view roles for users, and what every authenticated (or anonymous) caller may read about the server.
 */
public final class DefaultRoles {
    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> WRITE = List.of("create", "delete", "deletecollection", "patch", "update");

    private DefaultRoles() {}


    public static void apply(ApiServer api) {
        var roles = api.type("rbac.authorization.k8s.io", "v1", "clusterroles");
        var bindings = api.type("rbac.authorization.k8s.io", "v1", "clusterrolebindings");
        ObjectNode clusterAdmin = role("cluster-admin");
        rule(clusterAdmin, List.of("*"), List.of("*"), List.of("*"));
        nonResource(clusterAdmin, List.of("*"), List.of("*"));

        ObjectNode view = role("view");
        userFacing(view);
        rule(view, List.of(""), List.of("configmaps", "endpoints", "persistentvolumeclaims",
                "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale",
                "serviceaccounts", "services", "services/status", "bindings", "events", "limitranges",
                "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas",
                "resourcequotas/status", "namespaces"), READ);
        rule(view, List.of("apps"), List.of("controllerrevisions", "daemonsets", "daemonsets/status", "deployments",
                "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status",
                "statefulsets", "statefulsets/scale", "statefulsets/status"), READ);
        rule(view, List.of("batch"), List.of("cronjobs", "cronjobs/status", "jobs", "jobs/status"), READ);
        rule(view, List.of("policy"), List.of("poddisruptionbudgets", "poddisruptionbudgets/status"), READ);
        rule(view, List.of("discovery.k8s.io"), List.of("endpointslices"), READ);
        rule(view, List.of("autoscaling"), List.of("horizontalpodautoscalers", "horizontalpodautoscalers/status"),
                READ);
        rule(view, List.of("networking.k8s.io"), List.of("ingresses", "ingresses/status", "networkpolicies"), READ);

        ObjectNode edit = role("edit");
        userFacing(edit);
        edit.set("rules", view.get("rules").deepCopy());
        List<String> all = new java.util.ArrayList<>(READ);
        all.addAll(WRITE);
        rule(edit, List.of(""), List.of("pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy",
                "pods/eviction", "configmaps", "endpoints", "persistentvolumeclaims", "replicationcontrollers",
                "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"), all);
        rule(edit, List.of(""), List.of("serviceaccounts/token"), List.of("create"));
        rule(edit, List.of("apps"), List.of("daemonsets", "deployments", "deployments/rollback", "deployments/scale",
                "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"), all);
        rule(edit, List.of("batch"), List.of("cronjobs", "jobs"), all);
        rule(edit, List.of("policy"), List.of("poddisruptionbudgets"), all);
        rule(edit, List.of("autoscaling"), List.of("horizontalpodautoscalers"), all);
        rule(edit, List.of("networking.k8s.io"), List.of("ingresses", "networkpolicies"), all);

        ObjectNode admin = role("admin");
        userFacing(admin);
        admin.set("rules", edit.get("rules").deepCopy());
        rule(admin, List.of("rbac.authorization.k8s.io"), List.of("rolebindings", "roles"), all);
        rule(admin, List.of("authorization.k8s.io"), List.of("localsubjectaccessreviews"), List.of("create"));

        ObjectNode basicUser = role("system:basic-user");
        rule(basicUser, List.of("authorization.k8s.io"), List.of("selfsubjectaccessreviews",
                "selfsubjectrulesreviews"), List.of("create"));
        rule(basicUser, List.of("authentication.k8s.io"), List.of("selfsubjectreviews"), List.of("create"));

        ObjectNode discovery = role("system:discovery");
        nonResource(discovery, List.of("/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi",
                "/openapi/*", "/readyz", "/version", "/version/"), List.of("get"));
        ObjectNode publicInfo = role("system:public-info-viewer");
        nonResource(publicInfo, List.of("/healthz", "/livez", "/readyz", "/version", "/version/"), List.of("get"));

        // for servers that delegate authentication and authorization to this one (kube-rbac-proxy, metrics adapters)
        ObjectNode authDelegator = role("system:auth-delegator");
        rule(authDelegator, List.of("authentication.k8s.io"), List.of("tokenreviews"), List.of("create"));
        rule(authDelegator, List.of("authorization.k8s.io"), List.of("subjectaccessreviews"), List.of("create"));
        ObjectNode monitoring = role("system:monitoring");
        nonResource(monitoring, List.of("/metrics", "/metrics/slis", "/livez", "/readyz", "/healthz", "/livez/*",
                "/readyz/*", "/healthz/*"), List.of("get"));

        for (ObjectNode role : List.of(clusterAdmin, admin, edit, view, basicUser, discovery, publicInfo,
                authDelegator, monitoring)) {
            api.createIfAbsent(roles, null, role);
        }
        api.createIfAbsent(bindings, null, binding("cluster-admin", "cluster-admin", UserInfo.MASTERS));
        api.createIfAbsent(bindings, null, binding("system:basic-user", "system:basic-user", UserInfo.AUTHENTICATED));
        api.createIfAbsent(bindings, null, binding("system:discovery", "system:discovery", UserInfo.AUTHENTICATED));
        api.createIfAbsent(bindings, null, binding("system:public-info-viewer", "system:public-info-viewer",
                UserInfo.AUTHENTICATED, UserInfo.UNAUTHENTICATED));
        api.createIfAbsent(bindings, null, binding("system:monitoring", "system:monitoring", "system:monitoring"));
    }

    private static ObjectNode role(String name) {
        ObjectNode role = Json.object();
        role.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "ClusterRole");
        ObjectNode meta = role.putObject("metadata");
        meta.put("name", name);
        meta.putObject("annotations").put("rbac.authorization.kubernetes.io/autoupdate", "true");
        meta.putObject("labels").put("kubernetes.io/bootstrapping", "rbac-defaults");
        role.putArray("rules");
        return role;
    }

    /** view joins edit, and edit joins admin, by the labels their aggregation selects, as in a real cluster. */
    private static void userFacing(ObjectNode role) {
        String name = role.path("metadata").path("name").asText();
        ObjectNode labels = (ObjectNode) role.path("metadata").path("labels");
        if (name.equals("view")) {
            labels.put("rbac.authorization.k8s.io/aggregate-to-edit", "true");
        } else if (name.equals("edit")) {
            labels.put("rbac.authorization.k8s.io/aggregate-to-admin", "true");
        }
    }

    private static void rule(ObjectNode role, List<String> groups, List<String> resources, List<String> verbs) {
        ObjectNode rule = ((ArrayNode) role.get("rules")).addObject();
        var g = rule.putArray("apiGroups");
        groups.forEach(g::add);
        var r = rule.putArray("resources");
        resources.forEach(r::add);
        var v = rule.putArray("verbs");
        verbs.forEach(v::add);
    }

    private static void nonResource(ObjectNode role, List<String> urls, List<String> verbs) {
        ObjectNode rule = ((ArrayNode) role.get("rules")).addObject();
        var u = rule.putArray("nonResourceURLs");
        urls.forEach(u::add);
        var v = rule.putArray("verbs");
        verbs.forEach(v::add);
    }

    private static ObjectNode binding(String name, String role, String... groups) {
        ObjectNode b = Json.object();
        b.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "ClusterRoleBinding");
        ObjectNode meta = b.putObject("metadata");
        meta.put("name", name);
        meta.putObject("annotations").put("rbac.authorization.kubernetes.io/autoupdate", "true");
        meta.putObject("labels").put("kubernetes.io/bootstrapping", "rbac-defaults");
        b.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", "ClusterRole")
                .put("name", role);
        var subjects = b.putArray("subjects");
        for (String g : groups) {
            subjects.addObject().put("apiGroup", "rbac.authorization.k8s.io").put("kind", "Group").put("name", g);
        }
        return b;
    }
}
