package io.kubepark.controllers.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.selector.LabelSelector;
import io.kubepark.apiserver.selector.SelectorException;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The decision core of the Job controller (syncJob, manageJob and trackJobStatusAndRemoveFinalizers of
 * pkg/controller/job/job_controller.go): maps what one sync reads to the writes it makes, without performing any,
 * reading a clock or keeping state between calls. Rule numbers refer to docs/workloads/job.md.
 */
public final class JobPlanner {
    static final String MANAGER = "kubernetes.io/job-controller";
    /** MaxPodCreateDeletePerSync. */
    static final int MAX_PER_SYNC = 500;

    private JobPlanner() {
    }

    /** Whether the Job has a {@code Complete} or {@code Failed} condition that is True. */
    public static boolean finished(JsonNode job) {
        return conditionTrue(job, "Complete") || conditionTrue(job, "Failed");
    }

    /** Plans one sync of {@code s.job()}. */
    public static JobPlan plan(JobSnapshot s) {
        JsonNode job = s.job();
        JsonNode spec = job.path("spec");
        if (finished(job)) {
            return new JobPlan(List.of(), null, null); // J25
        }
        String managedBy = spec.path("managedBy").asText(MANAGER);
        if (!managedBy.equals(MANAGER)) {
            return new JobPlan(List.of(), null, s.backoff()); // J25
        }
        String mode = spec.path("completionMode").asText("NonIndexed");
        if (!mode.equals("NonIndexed") && !mode.equals("Indexed")) {
            return new JobPlan(List.of(new JobStep.Event("Warning", "UnknownCompletionMode",
                    "Skipped Job sync because completion mode is unknown")), null, s.backoff());
        }
        return new Sync(s).run();
    }

    static boolean conditionTrue(JsonNode job, String type) {
        JsonNode c = condition(job.path("status").path("conditions"), type);
        return c != null && c.path("status").asText().equals("True");
    }

    private static JsonNode condition(JsonNode conditions, String type) {
        for (JsonNode c : conditions) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        return null;
    }

    /** A finished condition in waiting: its type, reason and message. */
    private record Finish(String type, String reason, String message) {
        boolean success() {
            return type.equals("SuccessCriteriaMet") || type.equals("Complete");
        }
    }

    /** One sync's working state; {@link #run()} once. */
    private static final class Sync {
        private final JobSnapshot s;
        private final JsonNode job;
        private final JsonNode spec;
        private final String now;
        private final boolean indexed;
        private final Integer completions;
        private final boolean suspended;
        private final boolean onlyReplaceFailed;
        private final JsonNode policy;
        private final Integer backoffLimitPerIndex;
        private final List<JobStep> steps = new ArrayList<>();
        private final ObjectNode status;
        private Duration requeue;

        Sync(JobSnapshot s) {
            this.s = s;
            this.job = s.job();
            this.spec = job.path("spec");
            this.now = s.now().truncatedTo(ChronoUnit.SECONDS).toString();
            this.indexed = spec.path("completionMode").asText("NonIndexed").equals("Indexed");
            this.completions = spec.path("completions").isNumber() ? spec.path("completions").asInt() : null;
            this.suspended = spec.path("suspend").asBoolean(false);
            this.onlyReplaceFailed = spec.path("podReplacementPolicy").asText("").equals("Failed");
            this.policy = spec.path("podFailurePolicy").isObject() ? spec.path("podFailurePolicy") : null;
            this.backoffLimitPerIndex = indexed && spec.path("backoffLimitPerIndex").isNumber()
                    ? spec.path("backoffLimitPerIndex").asInt() : null;
            this.status = job.path("status").isObject() ? ((ObjectNode) job.path("status")).deepCopy() : Json.object();
        }

        /** isPodFailed (J12). */
        boolean failed(JsonNode pod) {
            if (Pods.phase(pod).equals("Failed")) {
                return true;
            }
            return !onlyReplaceFailed && ObjectMeta.deleting(pod) && !Pods.succeeded(pod);
        }

        boolean validIndex(JsonNode pod) {
            int ix = Pods.index(pod);
            return ix >= 0 && completions != null && ix < completions;
        }

        JobPlan run() {
            List<JsonNode> pods = claimPods();
            boolean deleting = ObjectMeta.deleting(job);
            Set<String> uncountedSucceeded = uids(status.path("uncountedTerminatedPods").path("succeeded"));
            Set<String> uncountedFailed = uids(status.path("uncountedTerminatedPods").path("failed"));
            List<JsonNode> activePods = pods.stream().filter(Pods::active).toList();
            int active = activePods.size();
            int ready = (int) activePods.stream().filter(Pods::ready).count();
            int terminating = (int) pods.stream().filter(Pods::terminating).count();

            // getNewFinishedPods: pods still holding the finalizer and not yet listed as uncounted
            List<JsonNode> newSucceeded = new ArrayList<>();
            List<JsonNode> newFailed = new ArrayList<>();
            for (JsonNode p : pods) {
                String uid = ObjectMeta.uid(p);
                if (!Pods.hasFinalizer(p) || (indexed && !validIndex(p))) {
                    continue;
                }
                if (Pods.succeeded(p) && !uncountedSucceeded.contains(uid)) {
                    newSucceeded.add(p);
                } else if (failed(p) && !uncountedFailed.contains(uid)) {
                    newFailed.add(p);
                }
            }
            int succeeded = status.path("succeeded").asInt(0) + newSucceeded.size() + uncountedSucceeded.size();
            int failedCount = status.path("failed").asInt(0) + uncountedFailed.size()
                    + (int) newFailed.stream().filter(p -> FailurePolicy.match(policy, p).countFailed()).count();

            if (!status.has("startTime") && !suspended) {
                status.put("startTime", now); // J11
            }
            BackoffRecord backoff = s.backoff().next(newSucceeded, newFailed);

            // J14, J16, J18: the reasons to fail
            Finish finish = null;
            JsonNode met = condition(status.path("conditions"), "SuccessCriteriaMet");
            if (met != null && met.path("status").asText().equals("True")) {
                finish = new Finish("SuccessCriteriaMet", met.path("reason").asText(""), met.path("message").asText(""));
            } else {
                JsonNode target = condition(status.path("conditions"), "FailureTarget");
                if (target != null && target.path("status").asText().equals("True")) {
                    finish = new Finish("Failed", target.path("reason").asText(""), target.path("message").asText(""));
                } else if (policy != null) {
                    for (JsonNode p : pods) {
                        String message = failed(p) ? FailurePolicy.match(policy, p).failJobMessage() : null;
                        if (message != null) {
                            finish = new Finish("FailureTarget", "PodFailurePolicy", message);
                            break;
                        }
                    }
                }
            }
            if (finish == null) {
                int backoffLimit = spec.path("backoffLimit").asInt(6);
                Instant start = Pods.time(status.path("startTime"));
                long deadline = spec.path("activeDeadlineSeconds").asLong(-1);
                if (failedCount > backoffLimit || pastBackoffLimitOnFailure(pods, backoffLimit)) {
                    finish = new Finish("FailureTarget", "BackoffLimitExceeded",
                            "Job has reached the specified backoff limit");
                } else if (deadline >= 0 && start != null && !suspended
                        && !Duration.between(start, s.now()).minusSeconds(deadline).isNegative()) {
                    finish = new Finish("FailureTarget", "DeadlineExceeded",
                            "Job was active longer than specified deadline");
                } else if (deadline >= 0 && start != null && !suspended) {
                    requeue(Duration.ofSeconds(deadline).minus(Duration.between(start, s.now())));
                }
            }

            TreeSet<Integer> succeededIndexes = new TreeSet<>();
            TreeSet<Integer> failedIndexes = null;
            Map<Integer, JsonNode> lastFailedPerIndex = Map.of();
            if (indexed) {
                succeededIndexes = Indexes.parse(status.path("completedIndexes").asText(""), completions);
                for (JsonNode p : pods) {
                    if (Pods.succeeded(p) && validIndex(p) && Pods.hasFinalizer(p)) {
                        succeededIndexes.add(Pods.index(p));
                    }
                }
                succeeded = succeededIndexes.size();
                if (backoffLimitPerIndex != null) {
                    failedIndexes = Indexes.parse(status.path("failedIndexes").asText(""), completions);
                    for (JsonNode p : pods) {
                        if (validIndex(p) && indexFailed(p)) {
                            failedIndexes.add(Pods.index(p));
                        }
                    }
                    failedIndexes.removeAll(succeededIndexes);
                    lastFailedPerIndex = lastFailedPerIndex(pods, failedIndexes);
                    if (finish == null) {
                        JsonNode max = spec.path("maxFailedIndexes");
                        if (max.isNumber() && failedIndexes.size() > max.asInt()) {
                            finish = new Finish("FailureTarget", "MaxFailedIndexesExceeded",
                                    "Job has exceeded the specified maximal number of failed indexes");
                        } else if (!failedIndexes.isEmpty()
                                && failedIndexes.size() + succeededIndexes.size() >= completions) {
                            finish = new Finish("FailureTarget", "FailedIndexes", "Job has failed indexes");
                        }
                    }
                }
                if (finish == null) {
                    String matched = SuccessPolicy.match(spec.path("successPolicy"), completions, succeededIndexes);
                    if (matched != null) {
                        finish = new Finish("SuccessCriteriaMet", "SuccessPolicy", matched); // J23
                    }
                }
            }

            boolean suspendChanged = false;
            if (finish != null) {
                // deleteActivePods: the finalizers stay, so the pods are counted when they end
                for (JsonNode p : activePods) {
                    steps.add(new JobStep.DeletePod(ObjectMeta.name(p), ObjectMeta.uid(p), false));
                    if (Pods.ready(p)) {
                        ready--;
                    }
                }
                terminating += active;
                active = 0;
            } else {
                boolean managed = false;
                if (!deleting) {
                    active = manage(activePods, succeeded, succeededIndexes, failedIndexes, lastFailedPerIndex,
                            terminating, backoff, pods);
                    terminating = this.terminatingAfter;
                    ready = this.readyAfter < 0 ? ready : ready - this.readyAfter;
                    managed = true;
                }
                boolean complete = completions == null ? succeeded > 0 && active == 0
                        : succeeded >= completions && active == 0;
                if (complete) {
                    finish = new Finish("SuccessCriteriaMet", "CompletionsReached",
                            "Reached expected number of succeeded pods"); // J9
                } else if (managed) {
                    // J24
                    if (suspended) {
                        if (ensureCondition("Suspended", "True", "JobSuspended", "Job suspended")) {
                            suspendChanged = true;
                            steps.add(new JobStep.Event("Normal", "Suspended", "Job suspended"));
                        }
                    } else if (ensureCondition("Suspended", "False", "JobResumed", "Job resumed")) {
                        suspendChanged = true;
                        steps.add(new JobStep.Event("Normal", "Resumed", "Job resumed"));
                        status.put("startTime", now);
                    }
                }
            }
            putCount("active", active, false);
            status.put("ready", Math.max(0, ready));
            status.put("terminating", terminating);

            return track(pods, deleting, finish, succeededIndexes, failedIndexes, lastFailedPerIndex, terminating,
                    backoff, suspendChanged);
        }

        private int terminatingAfter;
        private int readyAfter = -1;

        /** manageJob: create or delete pods towards the wanted number of active pods; returns the new active. */
        private int manage(List<JsonNode> activePods, int succeeded, TreeSet<Integer> succeededIndexes,
                TreeSet<Integer> failedIndexes, Map<Integer, JsonNode> lastFailedPerIndex, int terminating,
                BackoffRecord backoff, List<JsonNode> pods) {
            int active = activePods.size();
            terminatingAfter = terminating;
            readyAfter = 0;
            int parallelism = spec.path("parallelism").asInt(1);
            if (suspended) {
                for (JsonNode p : activePods) {
                    steps.add(new JobStep.DeletePod(ObjectMeta.name(p), ObjectMeta.uid(p), true));
                    readyAfter += Pods.ready(p) ? 1 : 0;
                }
                terminatingAfter += active;
                return 0;
            }
            int wantActive;
            if (completions == null) {
                wantActive = succeeded > 0 ? active : parallelism; // J7
            } else {
                wantActive = Math.max(0, Math.min(parallelism, completions - succeeded)); // J6
            }
            List<JsonNode> toDelete = forRemoval(activePods, Math.max(0, active - wantActive));
            if (toDelete.size() > MAX_PER_SYNC) {
                toDelete = toDelete.subList(0, MAX_PER_SYNC);
            }
            if (!toDelete.isEmpty()) {
                for (JsonNode p : toDelete) {
                    steps.add(new JobStep.DeletePod(ObjectMeta.name(p), ObjectMeta.uid(p), true)); // J8
                    readyAfter += Pods.ready(p) ? 1 : 0;
                }
                terminatingAfter += toDelete.size();
                return active - toDelete.size();
            }
            int diff = wantActive - (onlyReplaceFailed ? terminating : 0) - active;
            if (diff <= 0) {
                return active;
            }
            if (backoffLimitPerIndex == null) {
                Duration wait = backoff.remaining(s.now()); // J15
                if (wait.compareTo(Duration.ZERO) > 0) {
                    requeue(wait);
                    return active;
                }
            }
            diff = Math.min(diff, MAX_PER_SYNC);
            List<Integer> indexes = new ArrayList<>();
            if (indexed) {
                indexes = firstPendingIndexes(activePods, pods, succeededIndexes, failedIndexes, diff);
                if (backoffLimitPerIndex != null) {
                    List<Integer> now = new ArrayList<>();
                    Duration least = null;
                    for (int ix : indexes) {
                        JsonNode last = lastFailedPerIndex.get(ix);
                        Duration wait = last == null ? Duration.ZERO : BackoffRecord.remaining(
                                failureCount(last) + 1, Pods.finishedTime(last), s.now());
                        if (wait.isZero()) {
                            now.add(ix);
                        } else if (least == null || wait.compareTo(least) < 0) {
                            least = wait;
                        }
                    }
                    if (now.isEmpty() && least != null) {
                        requeue(least);
                        return active;
                    }
                    indexes = now;
                }
                diff = indexes.size();
            }
            for (int i = 0; i < diff; i++) {
                Integer ix = indexed ? indexes.get(i) : null;
                steps.add(new JobStep.CreatePod(podFromTemplate(ix, ix == null ? null : lastFailedPerIndex.get(ix))));
            }
            return active + diff;
        }

        /** activePodsForRemoval: duplicate and out-of-range indexes first, then the least advanced pods. */
        private List<JsonNode> forRemoval(List<JsonNode> activePods, int atLeast) {
            List<JsonNode> rm = new ArrayList<>();
            List<JsonNode> left = new ArrayList<>();
            if (indexed) {
                Map<Integer, List<JsonNode>> byIndex = new TreeMap<>();
                for (JsonNode p : activePods) {
                    if (!validIndex(p)) {
                        rm.add(p);
                    } else {
                        byIndex.computeIfAbsent(Pods.index(p), k -> new ArrayList<>()).add(p);
                    }
                }
                for (List<JsonNode> same : byIndex.values()) {
                    List<JsonNode> sorted = new ArrayList<>(same);
                    sorted.sort(Pods.DELETE_FIRST);
                    rm.addAll(sorted.subList(0, sorted.size() - 1));
                    left.add(sorted.get(sorted.size() - 1));
                }
            } else {
                left.addAll(activePods);
            }
            if (rm.size() < atLeast) {
                left.sort(Pods.DELETE_FIRST);
                rm.addAll(left.subList(0, Math.min(left.size(), atLeast - rm.size())));
            }
            return rm;
        }

        private List<Integer> firstPendingIndexes(List<JsonNode> activePods, List<JsonNode> pods,
                TreeSet<Integer> succeededIndexes, TreeSet<Integer> failedIndexes, int count) {
            Set<Integer> taken = new java.util.HashSet<>(succeededIndexes);
            activePods.forEach(p -> taken.add(Pods.index(p)));
            if (failedIndexes != null) {
                taken.addAll(failedIndexes);
            }
            if (onlyReplaceFailed) {
                pods.stream().filter(Pods::terminating).forEach(p -> taken.add(Pods.index(p)));
            }
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < completions && out.size() < count; i++) {
                if (!taken.contains(i)) {
                    out.add(i);
                }
            }
            return out;
        }

        /** GetPodFromTemplate plus the Job's additions (J4, J20, J22). */
        private ObjectNode podFromTemplate(Integer index, JsonNode replacing) {
            String jobName = ObjectMeta.name(job);
            JsonNode template = spec.path("template");
            ObjectNode pod = Json.object();
            pod.put("apiVersion", "v1").put("kind", "Pod");
            ObjectNode meta = pod.putObject("metadata");
            meta.put("generateName", index == null ? jobName + "-" : generateNameWithIndex(jobName, index));
            meta.put("namespace", ObjectMeta.namespace(job));
            JsonNode tm = template.path("metadata");
            ObjectNode labels = tm.path("labels").isObject() ? ((ObjectNode) tm.path("labels")).deepCopy() : Json.object();
            ObjectNode annotations = tm.path("annotations").isObject()
                    ? ((ObjectNode) tm.path("annotations")).deepCopy() : Json.object();
            ArrayNode finalizers = tm.path("finalizers").isArray() ? ((ArrayNode) tm.path("finalizers")).deepCopy()
                    : Json.NODES.arrayNode();
            boolean hasTracking = false;
            for (JsonNode f : finalizers) {
                hasTracking |= f.asText().equals(Pods.TRACKING_FINALIZER);
            }
            if (!hasTracking) {
                finalizers.add(Pods.TRACKING_FINALIZER);
            }
            ObjectNode podSpec = template.path("spec").isObject() ? ((ObjectNode) template.path("spec")).deepCopy()
                    : Json.object();
            if (index != null) {
                annotations.put(Pods.COMPLETION_INDEX, Integer.toString(index));
                labels.put(Pods.COMPLETION_INDEX, Integer.toString(index));
                podSpec.put("hostname", jobName + "-" + index);
                if (backoffLimitPerIndex != null) {
                    int count = 0;
                    if (replacing != null) {
                        count = failureCount(replacing)
                                + (FailurePolicy.match(policy, replacing).countFailed() ? 1 : 0);
                    }
                    annotations.put(Pods.INDEX_FAILURE_COUNT, Integer.toString(count));
                }
                addIndexEnv(podSpec.path("initContainers"));
                addIndexEnv(podSpec.path("containers"));
            }
            if (!labels.isEmpty()) {
                meta.set("labels", labels);
            }
            if (!annotations.isEmpty()) {
                meta.set("annotations", annotations);
            }
            meta.set("finalizers", finalizers);
            ObjectNode ref = meta.putArray("ownerReferences").addObject();
            ref.put("apiVersion", "batch/v1").put("kind", "Job").put("name", jobName).put("uid", ObjectMeta.uid(job))
                    .put("controller", true).put("blockOwnerDeletion", true);
            pod.set("spec", podSpec);
            return pod;
        }

        /** podGenerateNameWithIndex: {@code <job>-<index>-}, the job name cut so the whole fits 63 characters. */
        private static String generateNameWithIndex(String job, int index) {
            String suffix = "-" + index + "-";
            int max = 63 - 5 - suffix.length();
            return (job.length() > max ? job.substring(0, max) : job) + suffix;
        }

        private static void addIndexEnv(JsonNode containers) {
            for (JsonNode c : containers) {
                ObjectNode container = (ObjectNode) c;
                ArrayNode env = container.withArray("env");
                boolean present = false;
                for (JsonNode e : env) {
                    present |= e.path("name").asText().equals("JOB_COMPLETION_INDEX");
                }
                if (!present) {
                    ObjectNode e = env.addObject().put("name", "JOB_COMPLETION_INDEX");
                    e.putObject("valueFrom").putObject("fieldRef")
                            .put("fieldPath", "metadata.annotations['" + Pods.COMPLETION_INDEX + "']");
                }
            }
        }

        private int failureCount(JsonNode pod) {
            try {
                return Integer.parseInt(pod.path("metadata").path("annotations").path(Pods.INDEX_FAILURE_COUNT)
                        .asText("0"));
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        /** isIndexFailed (J19, J22). */
        private boolean indexFailed(JsonNode pod) {
            if (!failed(pod)) {
                return false;
            }
            FailurePolicy.Match m = FailurePolicy.match(policy, pod);
            if ("FailIndex".equals(m.action())) {
                return true;
            }
            return m.countFailed() && failureCount(pod) >= backoffLimitPerIndex;
        }

        /** The latest failed pod of each index still in play: its replacement inherits its failure count. */
        private Map<Integer, JsonNode> lastFailedPerIndex(List<JsonNode> pods, TreeSet<Integer> failedIndexes) {
            Map<Integer, JsonNode> out = new HashMap<>();
            for (JsonNode p : pods) {
                if (!validIndex(p) || !failed(p) || failedIndexes.contains(Pods.index(p))) {
                    continue;
                }
                out.merge(Pods.index(p), p, (a, b) -> Comparator.comparingInt(this::failureCount)
                        .thenComparing(Pods::finishedTime).compare(a, b) >= 0 ? a : b);
            }
            return out;
        }

        private boolean pastBackoffLimitOnFailure(List<JsonNode> pods, int backoffLimit) {
            if (!spec.path("template").path("spec").path("restartPolicy").asText("").equals("OnFailure")) {
                return false;
            }
            int restarts = 0;
            for (JsonNode p : pods) {
                String phase = Pods.phase(p);
                if (phase.equals("Running") || phase.equals("Pending")) {
                    for (String f : List.of("initContainerStatuses", "containerStatuses")) {
                        for (JsonNode c : p.path("status").path(f)) {
                            restarts += c.path("restartCount").asInt(0);
                        }
                    }
                }
            }
            return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
        }

        /** trackJobStatusAndRemoveFinalizers and enactJobFinished (J9, J10, J13, J14). */
        private JobPlan track(List<JsonNode> pods, boolean deleting, Finish finish, TreeSet<Integer> succeededIndexes,
                TreeSet<Integer> failedIndexes, Map<Integer, JsonNode> lastFailedPerIndex, int terminating,
                BackoffRecord backoff, boolean suspendChanged) {
            LinkedHashSet<String> uncountedSucceeded = new LinkedHashSet<>(
                    uids(status.path("uncountedTerminatedPods").path("succeeded")));
            LinkedHashSet<String> uncountedFailed = new LinkedHashSet<>(
                    uids(status.path("uncountedTerminatedPods").path("failed")));
            Set<String> withFinalizer = new java.util.HashSet<>();
            pods.stream().filter(Pods::hasFinalizer).forEach(p -> withFinalizer.add(ObjectMeta.uid(p)));
            countRemoved(uncountedSucceeded, uncountedFailed, withFinalizer);

            List<JsonNode> sorted = new ArrayList<>(pods);
            if (indexed) {
                sorted.sort(Comparator.comparingInt(Pods::index));
            }
            List<JsonNode> removeFinalizer = new ArrayList<>();
            boolean newUncounted = false;
            for (JsonNode p : sorted) {
                if (!Pods.hasFinalizer(p)) {
                    continue;
                }
                String uid = ObjectMeta.uid(p);
                boolean podFailed = failed(p);
                if (!(deleting || finish != null || Pods.succeeded(p) || podFailed)) {
                    continue;
                }
                if (podFailed && backoffLimitPerIndex != null && !deleting && finish == null && validIndex(p)
                        && lastFailedPerIndex.get(Pods.index(p)) == p && !replaced(pods, p)) {
                    continue; // the failure count moves to the replacement first
                }
                removeFinalizer.add(p);
                if (Pods.succeeded(p) && !uncountedFailed.contains(uid)) {
                    if (!indexed && uncountedSucceeded.add(uid)) {
                        newUncounted = true;
                    }
                } else if (podFailed || (finish != null && !finish.success())) {
                    if (!uncountedFailed.contains(uid) && (!indexed || validIndex(p))
                            && FailurePolicy.match(policy, p).countFailed()) {
                        uncountedFailed.add(uid);
                        newUncounted = true;
                    }
                }
            }
            if (indexed) {
                String completed = Indexes.format(succeededIndexes);
                putText("completedIndexes", completed);
                putCount("succeeded", succeededIndexes.size(), false);
                if (failedIndexes != null) {
                    status.put("failedIndexes", Indexes.format(failedIndexes));
                }
            }
            boolean interimCondition = false;
            if (finish != null && finish.type().equals("FailureTarget")) {
                status.withArray("conditions").add(newCondition("FailureTarget", "True", finish.reason(), finish.message()));
                interimCondition = true;
                finish = new Finish("Failed", finish.reason(), finish.message());
            }
            if (finish != null && finish.type().equals("SuccessCriteriaMet")) {
                JsonNode existing = condition(status.path("conditions"), "SuccessCriteriaMet");
                if (existing == null || !existing.path("status").asText().equals("True")) {
                    status.withArray("conditions").add(newCondition("SuccessCriteriaMet", "True", finish.reason(),
                            finish.message()));
                    interimCondition = true;
                }
                finish = new Finish("Complete", finish.reason(), finish.message());
            }
            setUncounted(uncountedSucceeded, uncountedFailed);
            JsonNode before = job.path("status");
            if (newUncounted || interimCondition) {
                steps.add(new JobStep.WriteStatus(status.deepCopy()));
                before = status.deepCopy();
            }
            for (JsonNode p : removeFinalizer) {
                steps.add(new JobStep.RemoveFinalizer(ObjectMeta.name(p), ObjectMeta.uid(p)));
                withFinalizer.remove(ObjectMeta.uid(p));
            }
            countRemoved(uncountedSucceeded, uncountedFailed, withFinalizer);
            setUncounted(uncountedSucceeded, uncountedFailed);
            boolean finished = false;
            if (finish != null && uncountedSucceeded.isEmpty() && uncountedFailed.isEmpty() && terminating == 0) {
                ensureCondition(finish.type(), "True", finish.reason(), finish.message());
                if (finish.type().equals("Complete")) {
                    status.put("completionTime", now);
                }
                finished = true;
            }
            if (!status.equals(before) || suspendChanged) {
                steps.add(new JobStep.WriteStatus(status.deepCopy()));
            }
            if (finished) {
                if (finish.type().equals("Complete")) {
                    if (completions != null && status.path("succeeded").asInt(0) > completions) {
                        steps.add(new JobStep.Event("Warning", "TooManySucceededPods",
                                "Too many succeeded pods running after completion count reached"));
                    }
                    steps.add(new JobStep.Event("Normal", "Completed", "Job completed"));
                } else {
                    steps.add(new JobStep.Event("Warning", finish.reason(), finish.message()));
                }
            }
            return new JobPlan(steps, finished ? null : requeue, finished ? null : backoff);
        }

        /** Whether another pod of the failed pod's index was created after it. */
        private boolean replaced(List<JsonNode> pods, JsonNode failedPod) {
            int ix = Pods.index(failedPod);
            return pods.stream().anyMatch(p -> p != failedPod && Pods.index(p) == ix && !failed(p));
        }

        /** cleanUncountedPodsWithoutFinalizers: listed pods whose finalizer is gone move to the counters. */
        private void countRemoved(Set<String> uncountedSucceeded, Set<String> uncountedFailed, Set<String> withFinalizer) {
            int s = (int) uncountedSucceeded.stream().filter(u -> !withFinalizer.contains(u)).count();
            int f = (int) uncountedFailed.stream().filter(u -> !withFinalizer.contains(u)).count();
            uncountedSucceeded.retainAll(withFinalizer);
            uncountedFailed.retainAll(withFinalizer);
            if (s > 0 && !indexed) {
                putCount("succeeded", status.path("succeeded").asInt(0) + s, false);
            }
            if (f > 0) {
                putCount("failed", status.path("failed").asInt(0) + f, false);
            }
        }

        private void setUncounted(Set<String> succeeded, Set<String> failed) {
            ObjectNode u = Json.object();
            if (!succeeded.isEmpty()) {
                ArrayNode a = u.putArray("succeeded");
                succeeded.forEach(a::add);
            }
            if (!failed.isEmpty()) {
                ArrayNode a = u.putArray("failed");
                failed.forEach(a::add);
            }
            status.set("uncountedTerminatedPods", u);
        }

        private void putCount(String field, int value, boolean always) {
            if (value == 0 && !always) {
                status.remove(field);
            } else {
                status.put(field, value);
            }
        }

        private void putText(String field, String value) {
            if (value.isEmpty()) {
                status.remove(field);
            } else {
                status.put(field, value);
            }
        }

        private ObjectNode newCondition(String type, String conditionStatus, String reason, String message) {
            ObjectNode c = Json.object();
            c.put("type", type).put("status", conditionStatus).put("lastProbeTime", now).put("lastTransitionTime", now);
            if (!reason.isEmpty()) {
                c.put("reason", reason);
            }
            if (!message.isEmpty()) {
                c.put("message", message);
            }
            return c;
        }

        /** ensureJobConditionStatus: true when the list changed. */
        private boolean ensureCondition(String type, String conditionStatus, String reason, String message) {
            ArrayNode conditions = status.withArray("conditions");
            for (int i = 0; i < conditions.size(); i++) {
                JsonNode c = conditions.get(i);
                if (c.path("type").asText().equals(type)) {
                    if (!c.path("status").asText().equals(conditionStatus) || !c.path("reason").asText("").equals(reason)
                            || !c.path("message").asText("").equals(message)) {
                        conditions.set(i, newCondition(type, conditionStatus, reason, message));
                        return true;
                    }
                    return false;
                }
            }
            if (!conditionStatus.equals("False")) {
                conditions.add(newCondition(type, conditionStatus, reason, message));
                return true;
            }
            if (conditions.isEmpty()) {
                status.remove("conditions");
            }
            return false;
        }

        private void requeue(Duration d) {
            if (requeue == null || d.compareTo(requeue) < 0) {
                requeue = d;
            }
        }

        /** getPodsForJob with ClaimPods: owned pods that still match, and matching orphans adopted. */
        private List<JsonNode> claimPods() {
            LabelSelector selector;
            try {
                selector = LabelSelector.fromLabelSelectorNode(spec.path("selector"));
            } catch (SelectorException e) {
                return List.of();
            }
            boolean deleting = ObjectMeta.deleting(job);
            String uid = ObjectMeta.uid(job);
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode pod : s.pods()) {
                if (!ObjectMeta.namespace(pod).equals(ObjectMeta.namespace(job))) {
                    continue;
                }
                JsonNode controller = null;
                for (JsonNode ref : pod.path("metadata").path("ownerReferences")) {
                    if (ref.path("controller").asBoolean(false)) {
                        controller = ref;
                    }
                }
                boolean matches = !selector.matchesEverything() && selector.matches(ObjectMeta.labels(pod));
                if (controller != null) {
                    if (!controller.path("uid").asText().equals(uid)) {
                        continue;
                    }
                    if (matches || deleting) {
                        out.add(pod);
                    } else {
                        ArrayNode kept = Json.NODES.arrayNode();
                        for (JsonNode ref : pod.path("metadata").path("ownerReferences")) {
                            if (!ref.path("uid").asText().equals(uid)) {
                                kept.add(ref.deepCopy());
                            }
                        }
                        steps.add(new JobStep.SetOwnerReferences(ObjectMeta.name(pod), ObjectMeta.uid(pod), kept));
                    }
                } else if (matches && !deleting && !ObjectMeta.deleting(pod)) {
                    ArrayNode refs = pod.path("metadata").path("ownerReferences").isArray()
                            ? ((ArrayNode) pod.path("metadata").path("ownerReferences")).deepCopy()
                            : Json.NODES.arrayNode();
                    refs.addObject().put("apiVersion", "batch/v1").put("kind", "Job").put("name", ObjectMeta.name(job))
                            .put("uid", uid).put("controller", true).put("blockOwnerDeletion", true);
                    steps.add(new JobStep.SetOwnerReferences(ObjectMeta.name(pod), ObjectMeta.uid(pod), refs));
                    out.add(pod);
                }
            }
            return out;
        }

        private static Set<String> uids(JsonNode list) {
            Set<String> out = new LinkedHashSet<>();
            list.forEach(u -> out.add(u.asText()));
            return out;
        }
    }
}
