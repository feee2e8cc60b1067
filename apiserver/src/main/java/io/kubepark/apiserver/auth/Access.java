package io.kubepark.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.StoredObject;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who may do what over HTTP: authentication (static bearer tokens, ServiceAccount tokens, client certificates the
 * HTTP server verified) and authorization (AlwaysAllow or RBAC). {@link #open()} lets every request in as the
 * admin, as the in-process cluster of the builder and the JUnit extension does.
 */
public final class Access {
    /** The authorization modes {@code --authorization} takes. */
    public enum Mode { ALWAYS_ALLOW, RBAC }

    /** The audience of tokens the API server accepts, and the default of a TokenRequest. */
    public static final String API_AUDIENCE = ServiceAccountTokens.ISSUER;

    private final ApiServer api;
    private final Map<String, UserInfo> tokens;
    private final ServiceAccountTokens serviceAccountTokens;
    private final boolean credentialsRequired;
    private final Mode mode;
    private final Rbac rbac;

    private Access(ApiServer api, Map<String, UserInfo> tokens, ServiceAccountTokens serviceAccountTokens,
            boolean credentialsRequired, Mode mode) {
        this.api = api;
        this.tokens = Map.copyOf(tokens);
        this.serviceAccountTokens = serviceAccountTokens;
        this.credentialsRequired = credentialsRequired;
        this.mode = mode;
        this.rbac = api == null ? null : new Rbac(new StoreSource(api));
    }

    /** Every request is the admin's and is allowed. */
    public static Access open() {
        return new Access(null, Map.of(), null, false, Mode.ALWAYS_ALLOW);
    }

    /**
     * Checked access. {@code tokens}: static bearer tokens and their users; {@code serviceAccountTokens}: the
     * signer of the TokenRequest API; {@code credentialsRequired}: whether a request without credentials is
     * refused with 401 (else it is the admin's, as over plain HTTP).
     */
    public static Access checked(ApiServer api, Map<String, UserInfo> tokens, ServiceAccountTokens serviceAccountTokens,
            boolean credentialsRequired, Mode mode) {
        return new Access(api, tokens, serviceAccountTokens, credentialsRequired, mode);
    }

    public boolean isOpen() {
        return api == null;
    }

    /**
     * The user of a request, from its {@code Authorization} header or the client certificate the TLS handshake
     * verified; null when the credentials are missing (and required) or invalid: the request is then answered 401. A
     * bearer token that matches no user is invalid even where credentials are not required.
     */
    public UserInfo authenticate(String authorization, List<X509Certificate> peer) {
        if (isOpen()) {
            return UserInfo.ADMIN;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            UserInfo user = tokens.get(token);
            if (user != null) {
                return user;
            }
            // a token that names no one is refused even where no credentials are needed, as kube-apiserver refuses it
            return serviceAccount(token);
        }
        if (peer != null && !peer.isEmpty()) {
            return fromCertificate(peer.get(0));
        }
        return credentialsRequired ? null : UserInfo.ADMIN;
    }

    private UserInfo serviceAccount(String token) {
        if (serviceAccountTokens == null) {
            return null;
        }
        ServiceAccountTokens.Claims claims = serviceAccountTokens.verify(token, Instant.parse(api.now()));
        if (claims == null || !claims.audiences().contains(API_AUDIENCE)) {
            return null;
        }
        StoredObject account = api.store().get(api.type("", "v1", "serviceaccounts"), claims.namespace(),
                claims.name());
        if (account == null || (!claims.uid().isEmpty() && !claims.uid().equals(account.uid()))) {
            return null;
        }
        return UserInfo.serviceAccount(claims.namespace(), claims.name());
    }

    /** CN is the user, each O a group, as the x509 authenticator reads a client certificate. */
    static UserInfo fromCertificate(X509Certificate cert) {
        String name = "";
        List<String> groups = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    name = rdn.getValue().toString();
                } else if (rdn.getType().equalsIgnoreCase("O")) {
                    groups.add(rdn.getValue().toString());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
        groups.add(UserInfo.AUTHENTICATED);
        return new UserInfo(name, groups);
    }

    /** Allowed, or the Forbidden the request is answered with. */
    public void authorize(RequestAttributes attributes) {
        Rbac.Decision decision = decide(attributes);
        if (!decision.allowed()) {
            throw forbidden(attributes, decision.reason());
        }
    }

    public Rbac.Decision decide(RequestAttributes a) {
        if (mode == Mode.ALWAYS_ALLOW || rbac == null) {
            return new Rbac.Decision(true, "");
        }
        if (a.user().groups().contains(UserInfo.MASTERS)) {
            // the real API server's privileged-group authorizer runs before RBAC
            return new Rbac.Decision(true, "");
        }
        return rbac.authorize(a);
    }

    /** The 403 of a request an authorizer refused, worded as responsewriters.ForbiddenStatusError words it. */
    public static ApiException forbidden(RequestAttributes a, String reason) {
        String message;
        if (a.resourceRequest()) {
            String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
            message = "User \"" + a.user().name() + "\" cannot " + a.verb() + " resource \"" + resource
                    + "\" in API group \"" + a.apiGroup() + "\""
                    + (a.namespace().isEmpty() ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"");
        } else {
            message = "User \"" + a.user().name() + "\" cannot " + a.verb() + " path \"" + a.path() + "\"";
        }
        if (reason != null && !reason.isEmpty()) {
            message += ": " + reason;
        }
        if (!a.resourceRequest()) {
            return ApiException.forbiddenPlain("forbidden: " + message);
        }
        return ApiException.forbiddenRequest(a.apiGroup(), a.resource(), a.name(), message);
    }

    /** Whether this access answers the review resource itself (it knows the requesting user). */
    public boolean answers(ResourceType type) {
        if (isOpen()) {
            return false;
        }
        return switch (type.storageKey()) {
            case "authorization.k8s.io/selfsubjectaccessreviews", "authorization.k8s.io/subjectaccessreviews",
                 "authorization.k8s.io/localsubjectaccessreviews", "authorization.k8s.io/selfsubjectrulesreviews",
                 "authentication.k8s.io/selfsubjectreviews",
                 "authentication.k8s.io/tokenreviews" -> true;
            default -> false;
        };
    }

    /** Answers a review the user created: access reviews with the authorizer, user reviews with the user. */
    public ObjectNode review(ResourceType type, String namespace, ObjectNode review, UserInfo user) {
        ObjectNode spec = Json.child(review, "spec");
        ObjectNode status = review.putObject("status");
        switch (type.resource()) {
            case "selfsubjectreviews" -> userInfo(status.putObject("userInfo"), user);
            case "selfsubjectrulesreviews" -> rules(status, spec.path("namespace").asText(""), user);
            case "tokenreviews" -> {
                UserInfo found = authenticate("Bearer " + spec.path("token").asText(""), null);
                if (found == null || spec.path("token").asText("").isEmpty()) {
                    status.put("authenticated", false).put("error", "invalid bearer token");
                } else {
                    status.put("authenticated", true);
                    userInfo(status.putObject("user"), found);
                    status.putArray("audiences").add(API_AUDIENCE);
                }
            }
            default -> {
                UserInfo subject = user;
                if (!type.resource().equals("selfsubjectaccessreviews")) {
                    List<String> groups = new ArrayList<>();
                    spec.path("groups").forEach(g -> groups.add(g.asText()));
                    subject = new UserInfo(spec.path("user").asText(""), groups);
                }
                JsonNode ra = spec.path("resourceAttributes");
                RequestAttributes attributes;
                if (ra.isObject()) {
                    String ns = type.resource().equals("localsubjectaccessreviews") ? namespace
                            : ra.path("namespace").asText("");
                    attributes = RequestAttributes.resource(subject, ra.path("verb").asText(""),
                            ra.path("group").asText(""), ra.path("resource").asText(""),
                            ra.path("subresource").asText(""), ns, ra.path("name").asText(""));
                } else {
                    JsonNode nra = spec.path("nonResourceAttributes");
                    attributes = RequestAttributes.nonResource(subject, nra.path("verb").asText(""),
                            nra.path("path").asText(""));
                }
                Rbac.Decision decision = decide(attributes);
                status.put("allowed", decision.allowed());
                if (!decision.reason().isEmpty()) {
                    status.put("reason", decision.reason());
                }
            }
        }
        ObjectNode meta = Json.child(review, "metadata");
        meta.remove("resourceVersion");
        meta.put("creationTimestamp", (String) null);
        return review;
    }

    /**
     * A SelfSubjectRulesReview's status: with RBAC, the rules bound to the user in the namespace, each rule with
     * resources a resource rule and each with URLs a non-resource rule (rbac's RulesFor); otherwise everything.
     */
    private void rules(ObjectNode status, String namespace, UserInfo user) {
        if (namespace.isEmpty()) {
            throw ApiException.badRequest("no namespace on request");
        }
        if (mode == Mode.ALWAYS_ALLOW || rbac == null) {
            allowEverything(status);
            return;
        }
        Rbac.Rules found = rbac.rulesFor(user, namespace);
        var resourceRules = status.putArray("resourceRules");
        var nonResourceRules = status.putArray("nonResourceRules");
        for (JsonNode rule : found.rules()) {
            if (!rule.path("resources").isEmpty()) {
                ObjectNode r = resourceRules.addObject();
                r.set("verbs", rule.path("verbs").deepCopy());
                for (String field : List.of("apiGroups", "resources", "resourceNames")) {
                    if (!rule.path(field).isEmpty()) {
                        r.set(field, rule.path(field).deepCopy());
                    }
                }
            }
            if (!rule.path("nonResourceURLs").isEmpty()) {
                nonResourceRules.addObject().<ObjectNode>set("verbs", rule.path("verbs").deepCopy())
                        .set("nonResourceURLs", rule.path("nonResourceURLs").deepCopy());
            }
        }
        status.put("incomplete", false);
        if (!found.errors().isEmpty()) {
            status.put("evaluationError", found.errors().size() == 1 ? found.errors().get(0)
                    : "[" + String.join(", ", found.errors()) + "]");
        }
    }

    /** What the AlwaysAllow authorizer's rules say: every verb on everything. */
    public static void allowEverything(ObjectNode status) {
        ObjectNode rule = status.putArray("resourceRules").addObject();
        rule.putArray("verbs").add("*");
        rule.putArray("apiGroups").add("*");
        rule.putArray("resources").add("*");
        ObjectNode nonResource = status.putArray("nonResourceRules").addObject();
        nonResource.putArray("verbs").add("*");
        nonResource.putArray("nonResourceURLs").add("*");
        status.put("incomplete", false);
    }

    private static void userInfo(ObjectNode node, UserInfo user) {
        node.put("username", user.name());
        var groups = node.putArray("groups");
        user.groups().forEach(groups::add);
    }

    /**
     * {@code POST serviceaccounts/{name}/token}: a TokenRequest answered with a signed token for the
     * ServiceAccount (audiences default to the API server's, expirationSeconds to 3600, at least 600).
     */
    public ObjectNode tokenRequest(String namespace, String name, ObjectNode request) {
        if (serviceAccountTokens == null) {
            throw ApiException.of(404, "NotFound", "the server could not find the requested resource");
        }
        ResourceType accounts = api.type("", "v1", "serviceaccounts");
        StoredObject account = api.get(accounts, namespace, name);
        ObjectNode spec = Json.child(request, "spec");
        long seconds = spec.path("expirationSeconds").asLong(3600);
        if (seconds < 600) {
            throw ApiException.invalid("TokenRequest.authentication.k8s.io", "TokenRequest", "authentication.k8s.io",
                    name, List.of(new io.kubepark.apiserver.api.Cause("FieldValueInvalid",
                            "may not specify a duration less than 10 minutes", "spec.expirationSeconds")));
        }
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asText()));
        if (audiences.isEmpty()) {
            audiences.add(API_AUDIENCE);
        }
        Instant now = Instant.parse(api.now());
        String token = serviceAccountTokens.issue(namespace, name, account.uid(), audiences, now, seconds);
        ObjectNode out = Json.object();
        out.put("kind", "TokenRequest").put("apiVersion", "authentication.k8s.io/v1");
        out.putObject("metadata").put("name", name).put("namespace", namespace)
                .put("creationTimestamp", now.toString());
        ObjectNode outSpec = out.putObject("spec");
        var aud = outSpec.putArray("audiences");
        audiences.forEach(aud::add);
        outSpec.put("expirationSeconds", seconds);
        outSpec.set("boundObjectRef", spec.has("boundObjectRef") ? spec.get("boundObjectRef") : null);
        out.putObject("status").put("token", token)
                .put("expirationTimestamp", now.plusSeconds(seconds).toString());
        return out;
    }

    /** The RBAC objects as stored. */
    private static final class StoreSource implements Rbac.Source {
        private final ApiServer api;

        StoreSource(ApiServer api) {
            this.api = api;
        }

        /** Read without the commit lock: authorization runs on an event loop and must not wait for an fsync. */
        private List<JsonNode> list(String resource, String namespace) {
            List<JsonNode> out = new ArrayList<>();
            for (StoredObject o : api.store().current(api.type("rbac.authorization.k8s.io", "v1", resource),
                    namespace)) {
                out.add(o.node());
            }
            return out;
        }

        private JsonNode get(String resource, String namespace, String name) {
            StoredObject o = api.store().get(api.type("rbac.authorization.k8s.io", "v1", resource), namespace, name);
            return o == null ? null : o.node();
        }

        @Override
        public List<JsonNode> clusterRoleBindings() {
            return list("clusterrolebindings", null);
        }

        @Override
        public List<JsonNode> roleBindings(String namespace) {
            return list("rolebindings", namespace);
        }

        @Override
        public List<JsonNode> clusterRoles() {
            return list("clusterroles", null);
        }

        @Override
        public JsonNode clusterRole(String name) {
            return get("clusterroles", null, name);
        }

        @Override
        public JsonNode role(String namespace, String name) {
            return get("roles", namespace, name);
        }
    }
}
