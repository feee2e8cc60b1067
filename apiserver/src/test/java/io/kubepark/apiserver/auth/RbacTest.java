package io.kubepark.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UserInfo SA = UserInfo.serviceAccount("ns", "sa");

    /** The RBAC objects of one test, held in lists. */
    private static final class Objects implements Rbac.Source {
        final List<JsonNode> clusterRoles = new ArrayList<>();
        final List<JsonNode> roles = new ArrayList<>();
        final List<JsonNode> clusterRoleBindings = new ArrayList<>();
        final List<JsonNode> roleBindings = new ArrayList<>();

        Objects add(String json) {
            JsonNode o = parse(json);
            switch (o.path("kind").asText()) {
                case "ClusterRole" -> clusterRoles.add(o);
                case "Role" -> roles.add(o);
                case "ClusterRoleBinding" -> clusterRoleBindings.add(o);
                default -> roleBindings.add(o);
            }
            return this;
        }

        @Override
        public List<JsonNode> clusterRoleBindings() {
            return clusterRoleBindings;
        }

        @Override
        public List<JsonNode> roleBindings(String namespace) {
            return roleBindings.stream().filter(b -> b.path("metadata").path("namespace").asText().equals(namespace))
                    .toList();
        }

        @Override
        public List<JsonNode> clusterRoles() {
            return clusterRoles;
        }

        @Override
        public JsonNode clusterRole(String name) {
            return clusterRoles.stream().filter(r -> r.path("metadata").path("name").asText().equals(name))
                    .findFirst().orElse(null);
        }

        @Override
        public JsonNode role(String namespace, String name) {
            return roles.stream().filter(r -> r.path("metadata").path("name").asText().equals(name)
                    && r.path("metadata").path("namespace").asText().equals(namespace)).findFirst().orElse(null);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static RequestAttributes list(UserInfo user, String resource, String ns) {
        return RequestAttributes.resource(user, "list", "", resource, "", ns, "");
    }

    private static String podReader(String kind, String ns) {
        return "{'kind':'" + kind + "','metadata':{'name':'pod-reader'" + (ns == null ? "" : ",'namespace':'" + ns + "'")
                + "},'rules':[{'apiGroups':[''],'resources':['pods','pods/log'],'verbs':['get','list']}]}";
    }

    private static String binding(String kind, String ns, String roleKind, String role, String subject) {
        return "{'kind':'" + kind + "','metadata':{'name':'b'" + (ns == null ? "" : ",'namespace':'" + ns + "'")
                + "},'roleRef':{'kind':'" + roleKind + "','name':'" + role + "'},'subjects':[" + subject + "]}";
    }

    @Test
    void nothingIsAllowedWithoutABinding() {
        Rbac rbac = new Rbac(new Objects().add(podReader("ClusterRole", null)));
        assertThat(rbac.authorize(list(SA, "pods", "ns")).allowed()).isFalse();
    }

    @Test
    void aRoleBindingToAServiceAccountAllowsItsRulesInItsNamespaceOnly() {
        Rbac rbac = new Rbac(new Objects().add(podReader("Role", "ns"))
                .add(binding("RoleBinding", "ns", "Role", "pod-reader", "{'kind':'ServiceAccount','name':'sa'}")));
        Rbac.Decision decision = rbac.authorize(list(SA, "pods", "ns"));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.reason()).isEqualTo("RBAC: allowed by RoleBinding \"b/ns\" of Role \"pod-reader\" to "
                + "ServiceAccount \"sa/ns\"");
        assertThat(rbac.authorize(list(SA, "pods", "other")).allowed()).isFalse();
        assertThat(rbac.authorize(list(SA, "pods", "")).allowed()).isFalse();
        assertThat(rbac.authorize(list(SA, "secrets", "ns")).allowed()).isFalse();
        assertThat(rbac.authorize(RequestAttributes.resource(SA, "delete", "", "pods", "", "ns", "p")).allowed())
                .isFalse();
    }

    @Test
    void aRoleBindingToAClusterRoleGrantsItInTheBindingsNamespace() {
        Rbac rbac = new Rbac(new Objects().add(podReader("ClusterRole", null))
                .add(binding("RoleBinding", "ns", "ClusterRole", "pod-reader", "{'kind':'Group','name':'system:serviceaccounts:ns'}")));
        assertThat(rbac.authorize(list(SA, "pods", "ns")).allowed()).isTrue();
        assertThat(rbac.authorize(list(SA, "pods", "kube-system")).allowed()).isFalse();
    }

    @Test
    void aClusterRoleBindingGrantsEverywhereAndToGroups() {
        Rbac rbac = new Rbac(new Objects().add(podReader("ClusterRole", null))
                .add(binding("ClusterRoleBinding", null, "ClusterRole", "pod-reader",
                        "{'kind':'Group','name':'system:authenticated'}")));
        assertThat(rbac.authorize(list(SA, "pods", "kube-system")).allowed()).isTrue();
        assertThat(rbac.authorize(list(SA, "pods", "")).allowed()).isTrue();
        UserInfo anonymous = new UserInfo("system:anonymous", List.of(UserInfo.UNAUTHENTICATED));
        assertThat(rbac.authorize(list(anonymous, "pods", "ns")).allowed()).isFalse();
    }

    @Test
    void subresourcesNeedTheirOwnRule() {
        Rbac rbac = new Rbac(new Objects().add(podReader("ClusterRole", null))
                .add(binding("ClusterRoleBinding", null, "ClusterRole", "pod-reader", "{'kind':'User','name':'alice'}")));
        UserInfo alice = new UserInfo("alice", List.of(UserInfo.AUTHENTICATED));
        assertThat(rbac.authorize(RequestAttributes.resource(alice, "get", "", "pods", "log", "ns", "p")).allowed())
                .isTrue();
        assertThat(rbac.authorize(RequestAttributes.resource(alice, "get", "", "pods", "status", "ns", "p")).allowed())
                .isFalse();
    }

    @Test
    void resourceNamesLimitARuleToThoseObjects() {
        JsonNode rule = parse("{'apiGroups':['apps'],'resources':['deployments'],'resourceNames':['web'],'verbs':['get']}");
        assertThat(Rbac.ruleAllows(rule, RequestAttributes.resource(SA, "get", "apps", "deployments", "", "ns", "web")))
                .isTrue();
        assertThat(Rbac.ruleAllows(rule, RequestAttributes.resource(SA, "get", "apps", "deployments", "", "ns", "db")))
                .isFalse();
        assertThat(Rbac.ruleAllows(rule, RequestAttributes.resource(SA, "get", "", "deployments", "", "ns", "web")))
                .as("another API group").isFalse();
    }

    @Test
    void nonResourceUrlsMatchExactlyOrByTrailingStar() {
        JsonNode rule = parse("{'nonResourceURLs':['/healthz','/apis/*'],'verbs':['get']}");
        assertThat(Rbac.ruleAllows(rule, RequestAttributes.nonResource(SA, "get", "/healthz"))).isTrue();
        assertThat(Rbac.ruleAllows(rule, RequestAttributes.nonResource(SA, "get", "/apis/apps/v1"))).isTrue();
        assertThat(Rbac.ruleAllows(rule, RequestAttributes.nonResource(SA, "get", "/version"))).isFalse();
        assertThat(Rbac.ruleAllows(rule, RequestAttributes.nonResource(SA, "post", "/healthz"))).isFalse();
        assertThat(Rbac.ruleAllows(rule, RequestAttributes.resource(SA, "get", "", "pods", "", "ns", "")))
                .as("a non-resource rule grants no resource").isFalse();
    }

    @Test
    void anAggregatedClusterRoleHasTheRulesOfTheRolesItsSelectorsMatch() {
        Objects objects = new Objects()
                .add("{'kind':'ClusterRole','metadata':{'name':'monitoring'},'aggregationRule':{'clusterRoleSelectors':"
                        + "[{'matchLabels':{'example.com/aggregate-to-monitoring':'true'}}]},'rules':[]}")
                .add("{'kind':'ClusterRole','metadata':{'name':'pods','labels':{'example.com/aggregate-to-monitoring':"
                        + "'true'}},'rules':[{'apiGroups':[''],'resources':['pods'],'verbs':['list']}]}")
                .add("{'kind':'ClusterRole','metadata':{'name':'secrets'},'rules':[{'apiGroups':[''],"
                        + "'resources':['secrets'],'verbs':['list']}]}")
                .add(binding("ClusterRoleBinding", null, "ClusterRole", "monitoring",
                        "{'kind':'ServiceAccount','name':'sa','namespace':'ns'}"));
        Rbac rbac = new Rbac(objects);
        assertThat(rbac.authorize(list(SA, "pods", "ns")).allowed()).isTrue();
        assertThat(rbac.authorize(list(SA, "secrets", "ns")).allowed()).isFalse();
        assertThat(Rbac.aggregate(objects.clusterRole("monitoring"), objects.clusterRoles())).hasSize(1);
    }

    @Test
    void forbiddenIsWordedAsTheRealServerWordsIt() {
        var e = Access.forbidden(list(SA, "pods", "ns"), "");
        assertThat(e.code()).isEqualTo(403);
        assertThat(e.getMessage()).isEqualTo("pods is forbidden: User \"system:serviceaccount:ns:sa\" cannot list "
                + "resource \"pods\" in API group \"\" in the namespace \"ns\"");
        assertThat(e.toStatus().path("details").path("kind").asText()).isEqualTo("pods");
        var named = Access.forbidden(RequestAttributes.resource(SA, "get", "apps", "deployments", "scale", "", "web"),
                "");
        assertThat(named.getMessage()).isEqualTo("deployments.apps \"web\" is forbidden: User "
                + "\"system:serviceaccount:ns:sa\" cannot get resource \"deployments/scale\" in API group \"apps\" "
                + "at the cluster scope");
        assertThat(Access.forbidden(RequestAttributes.nonResource(SA, "get", "/metrics"), "").getMessage())
                .isEqualTo("forbidden: User \"system:serviceaccount:ns:sa\" cannot get path \"/metrics\"");
    }

    @Test
    void theRulesOfAUserAreThoseOfTheClusterBindingsThenOfTheNamespacesBindings() {
        Rbac rbac = new Rbac(new Objects()
                .add(podReader("Role", "ns"))
                .add("{'kind':'ClusterRole','metadata':{'name':'health'},'rules':[{'nonResourceURLs':['/healthz'],"
                        + "'verbs':['get']}]}")
                .add(binding("ClusterRoleBinding", null, "ClusterRole", "health",
                        "{'kind':'Group','name':'system:authenticated'}"))
                .add(binding("RoleBinding", "ns", "Role", "pod-reader", "{'kind':'ServiceAccount','name':'sa'}"))
                .add(binding("RoleBinding", "other", "Role", "pod-reader", "{'kind':'ServiceAccount','name':'sa'}")));
        UserInfo sa = new UserInfo(SA.name(), List.of(UserInfo.AUTHENTICATED));

        Rbac.Rules inNs = rbac.rulesFor(sa, "ns");
        assertThat(inNs.rules()).containsExactly(
                parse("{'nonResourceURLs':['/healthz'],'verbs':['get']}"),
                parse("{'apiGroups':[''],'resources':['pods','pods/log'],'verbs':['get','list']}"));
        assertThat(inNs.errors()).isEmpty();
        assertThat(rbac.rulesFor(sa, "elsewhere").rules()).containsExactly(
                parse("{'nonResourceURLs':['/healthz'],'verbs':['get']}"));
        assertThat(rbac.rulesFor(new UserInfo("someone", List.of()), "ns").rules()).isEmpty();
    }

    @Test
    void aBindingToAMissingRoleIsAnEvaluationError() {
        Rbac rbac = new Rbac(new Objects()
                .add(binding("RoleBinding", "ns", "Role", "gone", "{'kind':'ServiceAccount','name':'sa'}"))
                .add(binding("ClusterRoleBinding", null, "ClusterRole", "also-gone",
                        "{'kind':'User','name':'system:serviceaccount:ns:sa'}")));
        Rbac.Rules rules = rbac.rulesFor(SA, "ns");
        assertThat(rules.rules()).isEmpty();
        assertThat(rules.errors()).containsExactly(
                "clusterrole.rbac.authorization.k8s.io \"also-gone\" not found",
                "role.rbac.authorization.k8s.io \"gone\" not found");
    }
}
