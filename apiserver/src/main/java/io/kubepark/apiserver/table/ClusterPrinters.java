package io.kubepark.apiserver.table;

import static io.kubepark.apiserver.table.Obj.NONE;
import static io.kubepark.apiserver.table.Obj.UNKNOWN;
import static io.kubepark.apiserver.table.Obj.age;
import static io.kubepark.apiserver.table.Obj.list;
import static io.kubepark.apiserver.table.Obj.lng;
import static io.kubepark.apiserver.table.Obj.name;
import static io.kubepark.apiserver.table.Obj.str;
import static io.kubepark.apiserver.table.Printer.cols;
import static io.kubepark.apiserver.table.Printer.row;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

// Cluster-level objects: nodes, namespaces, events, component statuses, leases, priority and runtime classes.
final class ClusterPrinters {

    private static final String NODE_ADDRESSES_DOC = "List of addresses reachable to the node. Queried from cloud "
            + "provider, if available. More info: https://kubernetes.io/docs/concepts/nodes/node/#addresses Note: This field "
            + "is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when "
            + "it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an "
            + "example. Consumers should assume that addresses can change during the lifetime of a Node. However, there "
            + "are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own "
            + "status or consumers of the downward API (status.hostIP).";
    private static final String ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";

    private ClusterPrinters() {
    }

    static void register(Map<String, Printer> registry) {
        registry.put("/nodes", nodes());
        registry.put("/namespaces", namespaces());
        registry.put("/events", events(false));
        registry.put("events.k8s.io/events", events(true));
        registry.put("/componentstatuses", componentStatuses());
        registry.put("coordination.k8s.io/leases", leases());
        registry.put("scheduling.k8s.io/priorityclasses", priorityClasses());
        registry.put("node.k8s.io/runtimeclasses", runtimeClasses());
    }

    static Printer nodes() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Status", "The status of the node"),
                Column.str("Roles", "The roles of the node"),
                Column.age(),
                Column.str("Version", "Kubelet Version reported by the node."),
                Column.wide("Internal-IP", "string", NODE_ADDRESSES_DOC),
                Column.wide("External-IP", "string", NODE_ADDRESSES_DOC),
                Column.wide("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian "
                        + "GNU/Linux 7 (wheezy))."),
                Column.wide("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. "
                        + "3.16.0-0.bpo.4-amd64)."),
                Column.wide("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime "
                        + "remote API (e.g. containerd://1.4.2).")),
                (o, now) -> {
                    JsonNode info = o.path("status").path("nodeInfo");
                    return row(name(o), nodeStatus(o), nodeRoles(o), age(o, now), str(info, "kubeletVersion"),
                            nodeAddress(o, "InternalIP"), nodeAddress(o, "ExternalIP"),
                            Obj.strOr(str(info, "osImage"), UNKNOWN), Obj.strOr(str(info, "kernelVersion"), UNKNOWN),
                            Obj.strOr(str(info, "containerRuntimeVersion"), UNKNOWN));
                });
    }

    // Ready, NotReady or Unknown, plus ,SchedulingDisabled for a cordoned node.
    static String nodeStatus(JsonNode node) {
        List<String> status = new ArrayList<>();
        JsonNode ready = null;
        for (JsonNode c : list(node, "status", "conditions")) {
            if ("Ready".equals(str(c, "type"))) {
                ready = c;
            }
        }
        if (ready != null) {
            status.add("True".equals(str(ready, "status")) ? "Ready" : "NotReady");
        }
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (Obj.bool(node, false, "spec", "unschedulable")) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    // Sorted roles from node-role.kubernetes.io/<role> keys and the kubernetes.io/role value.
    static String nodeRoles(JsonNode node) {
        TreeSet<String> roles = new TreeSet<>();
        node.path("metadata").path("labels").fields().forEachRemaining(e -> {
            String key = e.getKey();
            if (key.startsWith(ROLE_LABEL_PREFIX)) {
                String role = key.substring(ROLE_LABEL_PREFIX.length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (key.equals(ROLE_LABEL) && !e.getValue().asText().isEmpty()) {
                roles.add(e.getValue().asText());
            }
        });
        return roles.isEmpty() ? NONE : String.join(",", roles);
    }

    private static String nodeAddress(JsonNode node, String type) {
        for (JsonNode a : list(node, "status", "addresses")) {
            if (type.equals(str(a, "type"))) {
                return str(a, "address");
            }
        }
        return NONE;
    }

    static Printer namespaces() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Status", "The status of the namespace"),
                Column.age()),
                (o, now) -> row(name(o), str(o, "status", "phase"), age(o, now)));
    }

    /*
     * Events of v1 and of events.k8s.io/v1; both are one resource in kube-apiserver and print alike,
     * only their JSON field names differ.
     */
    static Printer events(boolean eventsGroup) {
        return Printer.of(cols(
                Column.str("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
                Column.str("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
                Column.str("Reason", "This should be a short, machine understandable string that gives the reason for the "
                        + "transition into the object's current status."),
                Column.str("Object", "The object that this event is about."),
                Column.wide("Subobject", "string", "If referring to a piece of an object instead of an entire object, this "
                        + "string should contain a valid JSON/Go field access statement, such as "
                        + "desiredState.manifest.containers[2]. For example, if the object reference is to a container "
                        + "within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers "
                        + "to the name of the container that triggered the event) or if no container name is specified "
                        + "\"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have "
                        + "some well-defined way of referencing a part of an object."),
                Column.wide("Source", "string", "The component reporting this event. Should be a short machine "
                        + "understandable string."),
                Column.str("Message", "A human-readable description of the status of this operation."),
                Column.wide("First Seen", "string", "The time at which the event was first recorded. (Time of server "
                        + "receipt is in TypeMeta.)"),
                Column.wide("Count", "string", "The number of times this event has occurred."),
                new Column("Name", "string", "name", Column.NAME_DOC, 1)),
                (o, now) -> eventCells(o, now, eventsGroup));
    }

    private static List<Object> eventCells(JsonNode o, Instant now, boolean eventsGroup) {
        String firstField = eventsGroup ? "deprecatedFirstTimestamp" : "firstTimestamp";
        String lastField = eventsGroup ? "deprecatedLastTimestamp" : "lastTimestamp";
        JsonNode involved = o.path(eventsGroup ? "regarding" : "involvedObject");
        JsonNode source = o.path(eventsGroup ? "deprecatedSource" : "source");

        Instant first = Obj.time(o, firstField);
        String firstSeen = first != null ? Obj.since(first, now) : Obj.since(Obj.time(o, "eventTime"), now);
        Instant last = Obj.time(o, lastField);
        String lastSeen = last != null ? Obj.since(last, now) : firstSeen;

        long count = lng(o, eventsGroup ? "deprecatedCount" : "count");
        if (o.path("series").isObject()) {
            lastSeen = Obj.since(Obj.time(o, "series", "lastObservedTime"), now);
            count = lng(o, "series", "count");
        } else if (count == 0) {
            count = 1;
        }

        String kind = str(involved, "kind").toLowerCase(Locale.ROOT);
        String target = str(involved, "name").isEmpty() ? kind : kind + "/" + str(involved, "name");
        String component = Obj.strOr(str(source, "component"), str(o, eventsGroup ? "reportingController" : "reportingComponent"));
        String host = Obj.strOr(str(source, "host"), str(o, "reportingInstance"));
        String sourceText = host.isEmpty() ? component : component + ", " + host;
        String message = str(o, eventsGroup ? "note" : "message").strip();
        return row(lastSeen, str(o, "type"), str(o, "reason"), target, str(involved, "fieldPath"), sourceText, message,
                firstSeen, count, name(o));
    }

    static Printer componentStatuses() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Status", "Status of the component conditions"),
                Column.str("Message", "Message of the component conditions"),
                Column.str("Error", "Error of the component conditions")),
                (o, now) -> {
                    String status = "Unknown";
                    String message = "";
                    String error = "";
                    for (JsonNode c : list(o, "conditions")) {
                        if ("Healthy".equals(str(c, "type"))) {
                            status = "True".equals(str(c, "status")) ? "Healthy" : "Unhealthy";
                            message = str(c, "message");
                            error = str(c, "error");
                            break;
                        }
                    }
                    return row(name(o), status, message, error);
                });
    }

    static Printer leases() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Holder", "holderIdentity contains the identity of the holder of a current lease. If "
                        + "Coordinated Leader Election is used, the holder identity must be equal to the elected "
                        + "LeaseCandidate.metadata.name field."),
                Column.age()),
                (o, now) -> row(name(o), str(o, "spec", "holderIdentity"), age(o, now)));
    }

    static Printer priorityClasses() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.integer("Value", "value represents the integer value of this priority class. This is the actual "
                        + "priority that pods receive when they have the name of this class in their pod spec."),
                Column.of("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be "
                        + "considered as the default priority for pods that do not have any priority class. Only one "
                        + "PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses "
                        + "exists with their `globalDefault` field set to true, the smallest value of such global default "
                        + "PriorityClasses will be used as the default priority."),
                Column.age(),
                Column.str("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority. "
                        + "One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.")),
                (o, now) -> row(name(o), lng(o, "value"), Obj.bool(o, false, "globalDefault"), age(o, now),
                        str(o, "preemptionPolicy")));
    }

    static Printer runtimeClasses() {
        return Printer.of(cols(
                Column.nameColumn(),
                Column.str("Handler", ""),
                Column.age()),
                (o, now) -> row(name(o), str(o, "handler"), age(o, now)));
    }
}
