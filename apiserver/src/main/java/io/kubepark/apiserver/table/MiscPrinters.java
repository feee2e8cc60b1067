package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.Obj.NONE;
import static io.kubepark.apiserver.table.Obj.UNSET;
import static io.kubepark.apiserver.table.Obj.age;
import static io.kubepark.apiserver.table.Obj.has;
import static io.kubepark.apiserver.table.Obj.list;
import static io.kubepark.apiserver.table.Obj.lng;
import static io.kubepark.apiserver.table.Obj.lngOr;
import static io.kubepark.apiserver.table.Obj.name;
import static io.kubepark.apiserver.table.Obj.str;
import static io.kubepark.apiserver.table.Printer.cols;
import static io.kubepark.apiserver.table.Printer.row;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/*
 * Configuration, RBAC and API machinery: config maps, secrets, service accounts, resource quotas, role bindings,
 * admission webhooks and policies, API priority and fairness, certificate signing requests.
 * Roles and cluster roles have no printer in kube-apiserver and use the default table.
 */
final class MiscPrinters {

    private MiscPrinters() {
    }

    static void register(Map<String, Printer> registry) {
        registry.put("/configmaps", configMaps());
        registry.put("/secrets", secrets());
        registry.put("/serviceaccounts", serviceAccounts());
        registry.put("/resourcequotas", resourceQuotas());
        registry.put("rbac.authorization.k8s.io/rolebindings", bindings("roleBinding",
                "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the "
                        + "RoleRef cannot be resolved, the Authorizer must return an error."));
        registry.put("rbac.authorization.k8s.io/clusterrolebindings", bindings("clusterRoleBinding",
                "RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the "
                        + "Authorizer must return an error."));
        registry.put("admissionregistration.k8s.io/mutatingwebhookconfigurations", webhookConfigurations());
        registry.put("admissionregistration.k8s.io/validatingwebhookconfigurations", webhookConfigurations());
        registry.put("admissionregistration.k8s.io/validatingadmissionpolicies", validatingAdmissionPolicies());
        registry.put("admissionregistration.k8s.io/validatingadmissionpolicybindings", admissionPolicyBindings());
        registry.put("flowcontrol.apiserver.k8s.io/flowschemas", flowSchemas());
        registry.put("flowcontrol.apiserver.k8s.io/prioritylevelconfigurations", priorityLevelConfigurations());
        registry.put("certificates.k8s.io/certificatesigningrequests", certificateSigningRequests());
    }

    static Printer configMaps() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Data", "Data contains the configuration data. Each key must consist of alphanumeric "
                        + "characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. "
                        + "The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced "
                        + "during validation process."),
                Column.age()),
                (o, now) -> row(name(o), Obj.size(o, "data") + Obj.size(o, "binaryData"), age(o, now)));
    }

    static Printer secrets() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Type", "Used to facilitate programmatic handling of secret data. More info: "
                        + "https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
                Column.str("Data", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', "
                        + "'_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the "
                        + "arbitrary (possibly non-string) data value here. Described in "
                        + "https://tools.ietf.org/html/rfc4648#section-4"),
                Column.age()),
                (o, now) -> row(name(o), Obj.strOr(str(o, "type"), "Opaque"), Obj.size(o, "data"), age(o, now)));
    }

    static Printer serviceAccounts() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this "
                        + "ServiceAccount are allowed to use. More info: "
                        + "https://kubernetes.io/docs/concepts/configuration/secret"),
                Column.age()),
                (o, now) -> row(name(o), Obj.size(o, "secrets"), age(o, now)));
    }

    static Printer resourceQuotas() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
                Column.str("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent "
                        + "of contention on the node."),
                Column.age()),
                (o, now) -> {
                    TreeMap<String, JsonNode> hard = new TreeMap<>();
                    o.path("status").path("hard").fields().forEachRemaining(e -> hard.put(e.getKey(), e.getValue()));
                    List<String> requests = new ArrayList<>();
                    List<String> limits = new ArrayList<>();
                    for (Map.Entry<String, JsonNode> e : hard.entrySet()) {
                        String resource = e.getKey();
                        String text = resource + ": " + Obj.quantity(o.path("status").path("used").path(resource)) + "/"
                                + Obj.quantity(e.getValue());
                        String[] pieces = resource.split("\\.", -1);
                        (pieces.length > 1 && pieces[0].equals("limits") ? limits : requests).add(text);
                    }
                    return row(name(o), String.join(", ", requests), String.join(", ", limits), age(o, now));
                });
    }

    static Printer bindings(String what, String roleRefDoc) {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Role", roleRefDoc),
                Column.age(),
                Column.wide("Users", "string", "Users in the " + what),
                Column.wide("Groups", "string", "Groups in the " + what),
                Column.wide("ServiceAccounts", "string", "ServiceAccounts in the " + what)),
                (o, now) -> {
                    List<String> users = new ArrayList<>();
                    List<String> groups = new ArrayList<>();
                    List<String> serviceAccounts = new ArrayList<>();
                    for (JsonNode s : list(o, "subjects")) {
                        switch (str(s, "kind")) {
                            case "ServiceAccount" -> serviceAccounts.add(str(s, "namespace") + "/" + str(s, "name"));
                            case "User" -> users.add(str(s, "name"));
                            case "Group" -> groups.add(str(s, "name"));
                            default -> {
                            }
                        }
                    }
                    return row(name(o), str(o, "roleRef", "kind") + "/" + str(o, "roleRef", "name"), age(o, now),
                            String.join(", ", users), String.join(", ", groups), String.join(", ", serviceAccounts));
                });
    }

    static Printer webhookConfigurations() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.integer("Webhooks", "Webhooks indicates the number of webhooks registered in this configuration"),
                Column.age()),
                (o, now) -> row(name(o), Obj.size(o, "webhooks"), age(o, now)));
    }

    static Printer validatingAdmissionPolicies() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.integer("Validations", "Validations indicates the number of validation rules defined in this "
                        + "configuration"),
                Column.str("ParamKind", "ParamKind specifies the kind of resources used to parameterize this policy"),
                Column.age()),
                (o, now) -> {
                    JsonNode paramKind = o.path("spec").path("paramKind");
                    String kind = paramKind.isObject() ? str(paramKind, "apiVersion") + "/" + str(paramKind, "kind") : UNSET;
                    return row(name(o), Obj.size(o, "spec", "validations"), kind, age(o, now));
                });
    }

    static Printer admissionPolicyBindings() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("PolicyName", "PolicyName indicates the policy definition which the policy binding binded to"),
                Column.str("ParamRef", "ParamRef indicates the param resource which sets the configration param"),
                Column.age()),
                (o, now) -> {
                    String param = UNSET;
                    JsonNode ref = o.path("spec").path("paramRef");
                    if (ref.isObject()) {
                        if (!str(ref, "name").isEmpty()) {
                            param = (str(ref, "namespace").isEmpty() ? "*" : str(ref, "namespace")) + "/" + str(ref, "name");
                        } else if (ref.path("selector").isObject()) {
                            param = goLabelSelectorString(ref.path("selector"));
                        }
                    }
                    return row(name(o), str(o, "spec", "policyName"), param, age(o, now));
                });
    }

    // The Go struct dump of a metav1.LabelSelector ({@code &LabelSelector{MatchLabels:...}}), as printed by Go.
    static String goLabelSelectorString(JsonNode selector) {
        StringBuilder expressions = new StringBuilder("[]LabelSelectorRequirement{");
        for (JsonNode e : list(selector, "matchExpressions")) {
            List<String> values = new ArrayList<>();
            list(e, "values").forEach(v -> values.add(v.asText()));
            expressions.append("LabelSelectorRequirement{Key:").append(str(e, "key")).append(",Operator:")
                    .append(str(e, "operator")).append(",Values:[").append(String.join(" ", values)).append("],},");
        }
        expressions.append('}');
        TreeMap<String, String> labels = new TreeMap<>();
        selector.path("matchLabels").fields().forEachRemaining(x -> labels.put(x.getKey(), x.getValue().asText()));
        StringBuilder matchLabels = new StringBuilder("map[string]string{");
        labels.forEach((k, v) -> matchLabels.append(k).append(": ").append(v).append(','));
        matchLabels.append('}');
        return "&LabelSelector{MatchLabels:" + matchLabels + ",MatchExpressions:" + expressions + ",}";
    }

    static Printer flowSchemas() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("PriorityLevel", "`name` is the name of the priority level configuration being referenced "
                        + "Required."),
                Column.str("MatchingPrecedence", "`matchingPrecedence` is used to choose among the FlowSchemas that match a "
                        + "given request. The chosen FlowSchema is among those with the numerically lowest (which we take "
                        + "to be logically highest) MatchingPrecedence.  Each MatchingPrecedence value must be ranged in "
                        + "[1,10000]. Note that if the precedence is not specified, it will be set to 1000 as default."),
                Column.str("DistinguisherMethod", "`distinguisherMethod` defines how to compute the flow distinguisher for "
                        + "requests that match this schema. `nil` specifies that the distinguisher is disabled and thus "
                        + "will always be the empty string."),
                Column.age(),
                Column.str("MissingPL", "references a broken or non-existent PriorityLevelConfiguration")),
                (o, now) -> {
                    JsonNode method = o.path("spec").path("distinguisherMethod");
                    String missing = "?";
                    for (JsonNode c : list(o, "status", "conditions")) {
                        if ("Dangling".equals(str(c, "type"))) {
                            missing = str(c, "status");
                            break;
                        }
                    }
                    return row(name(o), str(o, "spec", "priorityLevelConfiguration", "name"), precedence(o),
                            method.isObject() ? str(method, "type") : NONE, age(o, now), missing);
                })
                .sortedBy(Comparator.comparingLong(MiscPrinters::precedence).thenComparing(Obj::name));
    }

    private static long precedence(JsonNode flowSchema) {
        return lngOr(flowSchema, 1000, "spec", "matchingPrecedence");
    }

    static Printer priorityLevelConfigurations() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Type", "`type` indicates whether this priority level is subject to limitation on request "
                        + "execution.  A value of `\"Exempt\"` means that requests of this priority level are not subject "
                        + "to a limit (and thus are never queued) and do not detract from the capacity made available to "
                        + "other priority levels.  A value of `\"Limited\"` means that (a) requests of this priority level "
                        + "_are_ subject to limits and (b) some of the server's limited capacity is made available "
                        + "exclusively to this priority level. Required."),
                Column.str("NominalConcurrencyShares", "`nominalConcurrencyShares` (NCS) contributes to the computation of "
                        + "the NominalConcurrencyLimit (NominalCL) of this level."),
                Column.str("Queues", "`queues` is the number of queues for this priority level. The queues exist "
                        + "independently at each apiserver. The value must be positive.  Setting it to 1 effectively "
                        + "precludes shufflesharding and thus makes the distinguisher method of associated flow schemas "
                        + "irrelevant.  This field has a default value of 64."),
                Column.str("HandSize", "`handSize` is a small positive number that configures the shuffle sharding of "
                        + "requests into queues.  When enqueuing a request at this priority level the request's flow "
                        + "identifier (a string pair) is hashed and the hash value is used to shuffle the list of queues "
                        + "and deal a hand of the size specified here.  This field has a default value of 8."),
                Column.str("QueueLengthLimit", "`queueLengthLimit` is the maximum number of requests allowed to be waiting "
                        + "in a given queue of this priority level at a time; excess requests are rejected.  This value "
                        + "must be positive.  If not specified, it will be defaulted to 50."),
                Column.age()),
                (o, now) -> {
                    Object shares = NONE;
                    Object queues = NONE;
                    Object handSize = NONE;
                    Object queueLengthLimit = NONE;
                    JsonNode limited = o.path("spec").path("limited");
                    if (limited.isObject()) {
                        shares = lngOr(limited, 30, "nominalConcurrencyShares");
                        JsonNode queuing = limited.path("limitResponse").path("queuing");
                        if (queuing.isObject()) {
                            queues = lngOr(queuing, 64, "queues");
                            handSize = lngOr(queuing, 8, "handSize");
                            queueLengthLimit = lngOr(queuing, 50, "queueLengthLimit");
                        }
                    }
                    return row(name(o), str(o, "spec", "type"), shares, queues, handSize, queueLengthLimit, age(o, now));
                });
    }

    static Printer certificateSigningRequests() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.age(),
                Column.str("SignerName", "Requested signer for the request. It is a qualified name in the form: "
                        + "`scope-hostname.io/name`."),
                Column.str("Requestor", "Base64-encoded PKCS#10 CSR data"),
                Column.str("RequestedDuration", "expirationSeconds is the requested duration of validity of the issued "
                        + "certificate."),
                Column.str("Condition", "Conditions applied to the request, such as approval or denial.")),
                (o, now) -> {
                    String duration = has(o, "spec", "expirationSeconds")
                            ? Durations.human(Duration.ofSeconds(lng(o, "spec", "expirationSeconds"))) : NONE;
                    return row(name(o), age(o, now), Obj.strOr(str(o, "spec", "signerName"), NONE),
                            str(o, "spec", "username"), duration, csrCondition(o));
                });
    }

    static String csrCondition(JsonNode csr) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        for (JsonNode c : list(csr, "status", "conditions")) {
            switch (str(c, "type")) {
                case "Approved" -> approved = true;
                case "Denied" -> denied = true;
                case "Failed" -> failed = true;
                default -> {
                }
            }
        }
        String status = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed) {
            status += ",Failed";
        }
        if (!str(csr, "status", "certificate").isEmpty()) {
            status += ",Issued";
        }
        return status;
    }
}
