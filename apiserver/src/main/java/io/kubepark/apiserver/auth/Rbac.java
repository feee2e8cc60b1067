package io.kubepark.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RBAC authorizer: a request is allowed when a rule of a Role or ClusterRole bound to its user (or one of
 * the user's groups, or its ServiceAccount) covers it. Rules of a ClusterRole with an {@code aggregationRule} are
 * the rules of the ClusterRoles its selectors match, as the aggregation controller fills them.
 */
public final class Rbac {
    /** Where the RBAC objects are read from; each method answers the objects as stored (JSON). */
    public interface Source {
        List<JsonNode> clusterRoleBindings();

        List<JsonNode> roleBindings(String namespace);

        List<JsonNode> clusterRoles();

        JsonNode clusterRole(String name);

        JsonNode role(String namespace, String name);
    }

    /** The answer: allowed or not, with the reason a SubjectAccessReview shows. */
    public record Decision(boolean allowed, String reason) {}

    private final Source source;

    public Rbac(Source source) {
        this.source = source;
    }

    public Decision authorize(RequestAttributes a) {
        for (JsonNode binding : source.clusterRoleBindings()) {
            String subject = matchingSubject(binding, a.user(), "");
            if (subject != null && rulesAllow(rulesOf(binding, ""), a)) {
                return new Decision(true, "RBAC: allowed by ClusterRoleBinding \"" + name(binding) + "\" of "
                        + roleRef(binding) + " to " + subject);
            }
        }
        if (a.resourceRequest() && !a.namespace().isEmpty()) {
            for (JsonNode binding : source.roleBindings(a.namespace())) {
                String subject = matchingSubject(binding, a.user(), a.namespace());
                if (subject != null && rulesAllow(rulesOf(binding, a.namespace()), a)) {
                    return new Decision(true, "RBAC: allowed by RoleBinding \"" + name(binding) + "/"
                            + a.namespace() + "\" of " + roleRef(binding) + " to " + subject);
                }
            }
        }
        return new Decision(false, "");
    }

    /**
     * What a SelfSubjectRulesReview lists: the rules of every role bound to {@code user}, those of ClusterRoleBindings
     * first, then those of the RoleBindings in {@code namespace}, and an error for each bound role that does not
     * exist, as rbac's rule resolver collects them.
     */
    public record Rules(List<JsonNode> rules, List<String> errors) {}

    public Rules rulesFor(UserInfo user, String namespace) {
        List<JsonNode> rules = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (JsonNode binding : source.clusterRoleBindings()) {
            if (matchingSubject(binding, user, "") != null) {
                collect(binding, "", rules, errors);
            }
        }
        if (!namespace.isEmpty()) {
            for (JsonNode binding : source.roleBindings(namespace)) {
                if (matchingSubject(binding, user, namespace) != null) {
                    collect(binding, namespace, rules, errors);
                }
            }
        }
        return new Rules(rules, errors);
    }

    private void collect(JsonNode binding, String namespace, List<JsonNode> rules, List<String> errors) {
        JsonNode ref = binding.path("roleRef");
        String name = ref.path("name").asText();
        boolean role = ref.path("kind").asText().equals("Role");
        JsonNode found = role ? (namespace.isEmpty() ? null : source.role(namespace, name)) : source.clusterRole(name);
        if (found == null) {
            errors.add((role ? "role" : "clusterrole") + ".rbac.authorization.k8s.io \"" + name + "\" not found");
        } else {
            rules.addAll(role ? list(found.path("rules")) : clusterRoleRules(found));
        }
    }

    /** The rules a bound role grants, for a binding in {@code namespace} ("" for a ClusterRoleBinding). */
    private List<JsonNode> rulesOf(JsonNode binding, String namespace) {
        JsonNode ref = binding.path("roleRef");
        String kind = ref.path("kind").asText();
        String name = ref.path("name").asText();
        if (kind.equals("Role")) {
            JsonNode role = namespace.isEmpty() ? null : source.role(namespace, name);
            return role == null ? List.of() : list(role.path("rules"));
        }
        JsonNode role = source.clusterRole(name);
        return role == null ? List.of() : clusterRoleRules(role);
    }

    /** A ClusterRole's rules: its own, or for an aggregated role those of every role its selectors match. */
    List<JsonNode> clusterRoleRules(JsonNode role) {
        JsonNode selectors = role.path("aggregationRule").path("clusterRoleSelectors");
        if (!selectors.isArray() || selectors.isEmpty()) {
            return list(role.path("rules"));
        }
        return aggregate(role, source.clusterRoles());
    }

    /** The rules the aggregation controller writes into {@code role}: those of the roles its selectors match. */
    public static List<JsonNode> aggregate(JsonNode role, List<JsonNode> all) {
        List<JsonNode> rules = new ArrayList<>();
        String self = name(role);
        for (JsonNode selectorNode : role.path("aggregationRule").path("clusterRoleSelectors")) {
            LabelSelector selector;
            try {
                selector = LabelSelector.fromLabelSelectorNode(selectorNode);
            } catch (SelectorException e) {
                continue;
            }
            for (JsonNode other : all) {
                if (name(other).equals(self) || !selector.matches(labels(other))) {
                    continue;
                }
                for (JsonNode rule : other.path("rules")) {
                    if (!rules.contains(rule)) {
                        rules.add(rule);
                    }
                }
            }
        }
        return rules;
    }

    private static Map<String, String> labels(JsonNode o) {
        Map<String, String> labels = new HashMap<>();
        o.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static boolean rulesAllow(List<JsonNode> rules, RequestAttributes a) {
        for (JsonNode rule : rules) {
            if (ruleAllows(rule, a)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one PolicyRule covers the request, as rbac's RuleAllows does. */
    static boolean ruleAllows(JsonNode rule, RequestAttributes a) {
        if (!has(rule.path("verbs"), a.verb())) {
            return false;
        }
        if (!a.resourceRequest()) {
            for (JsonNode url : rule.path("nonResourceURLs")) {
                String u = url.asText();
                if (u.equals("*") || u.equals(a.path()) || (u.endsWith("*")
                        && a.path().startsWith(u.substring(0, u.length() - 1)))) {
                    return true;
                }
            }
            return false;
        }
        if (!has(rule.path("apiGroups"), a.apiGroup())) {
            return false;
        }
        String combined = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        boolean resource = false;
        for (JsonNode r : rule.path("resources")) {
            String s = r.asText();
            if (s.equals("*") || s.equals(combined)
                    || (!a.subresource().isEmpty() && s.equals("*/" + a.subresource()))) {
                resource = true;
                break;
            }
        }
        if (!resource) {
            return false;
        }
        JsonNode names = rule.path("resourceNames");
        return !names.isArray() || names.isEmpty() || has(names, a.name());
    }

    private static boolean has(JsonNode values, String wanted) {
        for (JsonNode v : values) {
            if (v.asText().equals("*") || v.asText().equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** The subject of the binding that names this user, written as RBAC reasons write it, or null. */
    private static String matchingSubject(JsonNode binding, UserInfo user, String bindingNamespace) {
        for (JsonNode s : binding.path("subjects")) {
            String kind = s.path("kind").asText();
            String name = s.path("name").asText();
            switch (kind) {
                case "User" -> {
                    if (name.equals(user.name())) {
                        return "User \"" + name + "\"";
                    }
                }
                case "Group" -> {
                    if (user.groups().contains(name)) {
                        return "Group \"" + name + "\"";
                    }
                }
                case "ServiceAccount" -> {
                    String ns = s.path("namespace").asText(bindingNamespace);
                    if (ns.isEmpty()) {
                        ns = bindingNamespace;
                    }
                    if (user.name().equals("system:serviceaccount:" + ns + ":" + name)) {
                        return "ServiceAccount \"" + name + "/" + ns + "\"";
                    }
                }
                default -> { }
            }
        }
        return null;
    }

    private static String roleRef(JsonNode binding) {
        return binding.path("roleRef").path("kind").asText() + " \"" + binding.path("roleRef").path("name").asText()
                + "\"";
    }

    private static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
