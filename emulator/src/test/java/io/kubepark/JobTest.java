package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/workloads/job.md (numbers in the comments), end to end: fabric8 over HTTP against a KubePark on
 * a virtual clock, containers scripted with {@code kubepark.io/exit-after} and {@code exit-code}.
 */
class JobTest extends WithCluster {
    private static final String NS = "default";

    /** A Job whose containers exit after {@code after} with {@code code}; restartPolicy Never. */
    private static JobBuilder job(String name, String after, int code) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withNewTemplate().withNewMetadata()
                .withAnnotations(Map.of("kubepark.io/exit-after", after, "kubepark.io/exit-code",
                        Integer.toString(code)))
                .endMetadata().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("main")
                .withImage("busybox").endContainer().endSpec().endTemplate().endSpec();
    }

    private Job create(JobBuilder b) {
        Job created = client.batch().v1().jobs().inNamespace(NS).resource(b.build()).create();
        park.awaitIdle();
        return created;
    }

    private Job get(String name) {
        return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    private List<Pod> pods(String job) {
        return client.pods().inNamespace(NS).withLabel("batch.kubernetes.io/job-name", job).list().getItems()
                .stream().sorted(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp())).toList();
    }

    private static JobCondition condition(Job job, String type) {
        return job.getStatus().getConditions() == null ? null : job.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type)).findFirst().orElse(null);
    }

    private List<String> events(String job) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(job))
                .sorted(Comparator.comparing(Event::getFirstTimestamp))
                .map(e -> e.getReason() + ": " + e.getMessage()).toList();
    }

    @Test
    void jobWithCompletionsRunsParallelPodsToCompletion() {
        // J1, J4, J6, J9, J10, J11
        Job created = create(job("pi", "5s", 0).editSpec().withCompletions(3).withParallelism(2).endSpec());
        String uid = created.getMetadata().getUid();
        assertThat(created.getSpec().getSelector().getMatchLabels())
                .containsExactlyEntriesOf(Map.of("batch.kubernetes.io/controller-uid", uid));
        assertThat(created.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("controller-uid", uid)
                .containsEntry("batch.kubernetes.io/controller-uid", uid).containsEntry("job-name", "pi")
                .containsEntry("batch.kubernetes.io/job-name", "pi");
        List<Pod> first = pods("pi");
        assertThat(first).hasSize(2).allSatisfy(p -> {
            assertThat(p.getMetadata().getGenerateName()).isEqualTo("pi-");
            assertThat(p.getMetadata().getFinalizers()).containsExactly("batch.kubernetes.io/job-tracking");
            assertThat(p.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
                assertThat(r.getKind() + "/" + r.getName() + "/" + r.getUid()).isEqualTo("Job/pi/" + uid);
                assertThat(r.getBlockOwnerDeletion()).isTrue();
            });
        });
        Job running = get("pi");
        assertThat(running.getStatus().getActive()).isEqualTo(2);
        assertThat(running.getStatus().getStartTime()).isEqualTo(park.now().toString());
        assertThat(running.getStatus().getUncountedTerminatedPods()).isNotNull();
        park.advance(Duration.ofSeconds(30));
        Job done = get("pi");
        assertThat(done.getStatus().getSucceeded()).isEqualTo(3);
        assertThat(done.getStatus().getActive()).isNull();
        assertThat(done.getStatus().getReady()).isZero();
        assertThat(done.getStatus().getTerminating()).isZero();
        assertThat(done.getStatus().getUncountedTerminatedPods().getSucceeded()).isEmpty();
        assertThat(done.getStatus().getConditions()).extracting(JobCondition::getType)
                .containsExactly("SuccessCriteriaMet", "Complete");
        assertThat(condition(done, "Complete").getReason()).isEqualTo("CompletionsReached");
        assertThat(condition(done, "Complete").getMessage()).isEqualTo("Reached expected number of succeeded pods");
        assertThat(done.getStatus().getCompletionTime()).isNotNull();
        assertThat(pods("pi")).hasSize(3).allSatisfy(p -> {
            assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded");
            assertThat(p.getMetadata().getFinalizers()).isNullOrEmpty();
        });
        assertThat(events("pi")).filteredOn(e -> e.startsWith("SuccessfulCreate: Created pod: pi-")).hasSize(3);
        assertThat(events("pi")).contains("Completed: Job completed");
    }

    @Test
    void workQueueJobStopsCreatingPodsAfterTheFirstSuccess() {
        // J7
        Job j = job("queue", "5s", 0).editSpec().withParallelism(3).endSpec().build();
        j.getSpec().setCompletions(null);
        client.batch().v1().jobs().inNamespace(NS).resource(j).create();
        park.awaitIdle();
        assertThat(pods("queue")).hasSize(3);
        park.advance(Duration.ofSeconds(30));
        assertThat(pods("queue")).hasSize(3);
        assertThat(condition(get("queue"), "Complete").getStatus()).isEqualTo("True");
    }

    @Test
    void loweringParallelismDeletesSurplusPods() {
        // J8
        create(job("wide", "1h", 0).editSpec().withCompletions(4).withParallelism(4).endSpec());
        assertThat(pods("wide")).hasSize(4);
        client.batch().v1().jobs().inNamespace(NS).withName("wide").edit(j -> {
            j.getSpec().setParallelism(1);
            return j;
        });
        park.advance(Duration.ofSeconds(60));
        assertThat(pods("wide")).hasSize(1);
        assertThat(get("wide").getStatus().getActive()).isEqualTo(1);
        assertThat(events("wide")).filteredOn(e -> e.startsWith("SuccessfulDelete: Deleted pod: wide-")).hasSize(3);
    }

    @Test
    void failedPodsAreReplacedWithExponentialBackOffUntilTheBackoffLimit() {
        // J14, J15
        create(job("flaky", "1s", 1).editSpec().withBackoffLimit(3).endSpec());
        park.advance(Duration.ofMinutes(5));
        List<Instant> created = pods("flaky").stream()
                .map(p -> Instant.parse(p.getMetadata().getCreationTimestamp())).toList();
        assertThat(created).hasSize(4);
        // each pod fails 1 s after it starts; the next is created 10, 20, 40 s after that failure
        assertThat(Duration.between(created.get(0), created.get(1)).getSeconds()).isBetween(11L, 12L);
        assertThat(Duration.between(created.get(1), created.get(2)).getSeconds()).isBetween(21L, 22L);
        assertThat(Duration.between(created.get(2), created.get(3)).getSeconds()).isBetween(41L, 42L);
        Job failed = get("flaky");
        assertThat(failed.getStatus().getFailed()).isEqualTo(4);
        assertThat(failed.getStatus().getConditions()).extracting(JobCondition::getType)
                .containsExactly("FailureTarget", "Failed");
        assertThat(condition(failed, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(condition(failed, "Failed").getMessage()).isEqualTo("Job has reached the specified backoff limit");
        assertThat(events("flaky")).contains("BackoffLimitExceeded: Job has reached the specified backoff limit");
    }

    @Test
    void activeDeadlineFailsTheJobAndDeletesItsPods() {
        // J16
        create(job("slow", "1h", 0).editSpec().withParallelism(2).withCompletions(2).withActiveDeadlineSeconds(30L)
                .endSpec());
        assertThat(pods("slow")).hasSize(2);
        park.advance(Duration.ofSeconds(29));
        assertThat(condition(get("slow"), "FailureTarget")).isNull();
        park.advance(Duration.ofSeconds(60));
        Job failed = get("slow");
        assertThat(condition(failed, "Failed").getReason()).isEqualTo("DeadlineExceeded");
        assertThat(condition(failed, "Failed").getMessage()).isEqualTo("Job was active longer than specified deadline");
        assertThat(condition(failed, "FailureTarget").getLastTransitionTime())
                .isEqualTo(Instant.parse(failed.getStatus().getStartTime()).plusSeconds(30).toString());
        assertThat(pods("slow")).isEmpty();
        assertThat(failed.getStatus().getFailed()).isEqualTo(2);
    }

    @Test
    void podFailurePolicyFailJobEndsTheJobAtOnce() {
        // J17, J18
        create(job("strict", "2s", 42).editSpec().withBackoffLimit(6).withNewPodFailurePolicy().addNewRule()
                .withAction("FailJob").withNewOnExitCodes().withOperator("In").withValues(42).endOnExitCodes()
                .endRule().endPodFailurePolicy().endSpec());
        park.advance(Duration.ofSeconds(10));
        Job failed = get("strict");
        String pod = pods("strict").get(0).getMetadata().getName();
        assertThat(condition(failed, "Failed").getReason()).isEqualTo("PodFailurePolicy");
        assertThat(condition(failed, "Failed").getMessage()).isEqualTo("Container main for pod default/" + pod
                + " failed with exit code 42 matching FailJob rule at index 0");
        assertThat(pods("strict")).hasSize(1);
    }

    @Test
    void podFailurePolicyIgnoreDoesNotCountTheFailure() {
        // J17, J18
        create(job("lenient", "2s", 3).editSpec().withBackoffLimit(0).withNewPodFailurePolicy().addNewRule()
                .withAction("Ignore").withNewOnExitCodes().withOperator("In").withValues(3).endOnExitCodes()
                .endRule().endPodFailurePolicy().endSpec());
        // an ignored failure is not counted, but the back-off of J15 still spaces the replacements
        park.advance(Duration.ofSeconds(60));
        Job job = get("lenient");
        assertThat(condition(job, "Failed")).isNull();
        assertThat(job.getStatus().getFailed()).isNull();
        assertThat(pods("lenient").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void indexedJobGivesEachPodItsIndex() {
        // J20, J21
        create(job("idx", "5s", 0).editSpec().withCompletionMode("Indexed").withCompletions(3).withParallelism(3)
                .endSpec());
        List<Pod> pods = pods("idx");
        assertThat(pods).hasSize(3);
        assertThat(pods).extracting(p -> p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"))
                .containsExactlyInAnyOrder("0", "1", "2");
        for (Pod p : pods) {
            String ix = p.getMetadata().getLabels().get("batch.kubernetes.io/job-completion-index");
            assertThat(p.getMetadata().getGenerateName()).isEqualTo("idx-" + ix + "-");
            assertThat(p.getSpec().getHostname()).isEqualTo("idx-" + ix);
            EnvVar env = p.getSpec().getContainers().get(0).getEnv().get(0);
            assertThat(env.getName()).isEqualTo("JOB_COMPLETION_INDEX");
            assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        }
        park.advance(Duration.ofSeconds(20));
        Job done = get("idx");
        assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0-2");
        assertThat(done.getStatus().getSucceeded()).isEqualTo(3);
        assertThat(condition(done, "Complete").getStatus()).isEqualTo("True");
    }

    @Test
    void backoffLimitPerIndexFailsOnlyTheFailingIndex() {
        // J22: index 1 always fails, the others succeed; index 1 is tried twice (backoffLimitPerIndex 1)
        create(job("per", "1h", 0).editSpec().withCompletionMode("Indexed").withCompletions(3).withParallelism(3)
                .withBackoffLimitPerIndex(1).endSpec());
        java.util.Set<String> scripted = new java.util.HashSet<>();
        for (int round = 0; round < 8; round++) {
            for (Pod p : pods("per")) {
                if (scripted.add(p.getMetadata().getName())) {
                    String ix = p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index");
                    park.behave(NS, p.getMetadata().getName(), Map.of("main", io.kubepark.kubelet.ContainerBehaviour
                            .UNSET.withExit(Duration.ofSeconds(1), ix.equals("1") ? 1 : 0)));
                }
            }
            park.advance(Duration.ofSeconds(30));
        }
        Job job = get("per");
        assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0,2");
        assertThat(job.getStatus().getFailedIndexes()).isEqualTo("1");
        assertThat(job.getStatus().getFailed()).isEqualTo(2);
        assertThat(pods("per")).filteredOn(p -> p.getMetadata().getAnnotations()
                .get("batch.kubernetes.io/job-completion-index").equals("1"))
                .extracting(p -> p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-index-failure-count"))
                .containsExactly("0", "1");
        assertThat(condition(job, "Failed").getReason()).isEqualTo("FailedIndexes");
        assertThat(condition(job, "Failed").getMessage()).isEqualTo("Job has failed indexes");
    }

    @Test
    void successPolicyCompletesTheJobWhenItsIndexesSucceed() {
        // J23
        Job j = job("leader", "1h", 0).editSpec().withCompletionMode("Indexed").withCompletions(3).withParallelism(3)
                .withNewSuccessPolicy().addNewRule().withSucceededIndexes("0").endRule().endSuccessPolicy().endSpec()
                .build();
        create(new JobBuilder(j));
        String leader = pods("leader").stream().filter(p -> p.getMetadata().getAnnotations()
                .get("batch.kubernetes.io/job-completion-index").equals("0")).findFirst().orElseThrow()
                .getMetadata().getName();
        park.behave(NS, leader, Map.of("main",
                io.kubepark.kubelet.ContainerBehaviour.UNSET.withExit(Duration.ofSeconds(5), 0)));
        park.advance(Duration.ofMinutes(2));
        Job done = get("leader");
        assertThat(condition(done, "SuccessCriteriaMet").getReason()).isEqualTo("SuccessPolicy");
        assertThat(condition(done, "Complete").getMessage()).isEqualTo("Matched rules at index 0");
        assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0");
        assertThat(pods("leader")).filteredOn(p -> !"Succeeded".equals(p.getStatus().getPhase())).isEmpty();
    }

    @Test
    void suspendedJobHasNoPodsUntilResumed() {
        // J24
        create(job("later", "1h", 0).editSpec().withSuspend(true).withParallelism(2).withCompletions(2).endSpec());
        Job suspended = get("later");
        assertThat(pods("later")).isEmpty();
        assertThat(suspended.getStatus().getStartTime()).isNull();
        assertThat(condition(suspended, "Suspended").getReason()).isEqualTo("JobSuspended");
        park.advance(Duration.ofSeconds(10));
        client.batch().v1().jobs().inNamespace(NS).withName("later").edit(j -> {
            j.getSpec().setSuspend(false);
            return j;
        });
        park.awaitIdle();
        Job resumed = get("later");
        assertThat(pods("later")).hasSize(2);
        assertThat(resumed.getStatus().getStartTime()).isEqualTo(park.now().toString());
        assertThat(condition(resumed, "Suspended").getStatus()).isEqualTo("False");
        assertThat(condition(resumed, "Suspended").getReason()).isEqualTo("JobResumed");
        client.batch().v1().jobs().inNamespace(NS).withName("later").edit(j -> {
            j.getSpec().setSuspend(true);
            return j;
        });
        park.advance(Duration.ofSeconds(60));
        Job again = get("later");
        assertThat(pods("later")).isEmpty();
        assertThat(again.getStatus().getFailed()).isNull();
        assertThat(events("later")).contains("Suspended: Job suspended", "Resumed: Job resumed");
    }

    @Test
    void finishedJobIsDeletedAfterItsTtl() {
        // J26
        create(job("brief", "5s", 0).editSpec().withTtlSecondsAfterFinished(60).endSpec());
        park.advance(Duration.ofSeconds(30));
        assertThat(condition(get("brief"), "Complete")).isNotNull();
        park.advance(Duration.ofSeconds(30));
        assertThat(get("brief")).isNotNull();
        park.advance(Duration.ofSeconds(10));
        assertThat(get("brief")).isNull();
        park.advance(Duration.ofSeconds(30));
        assertThat(pods("brief")).isEmpty();
    }

    @Test
    void indexedJobWithoutCompletionsIsRefused() {
        // J5
        Job j = job("bad", "1s", 0).editSpec().withCompletionMode("Indexed").withParallelism(2).endSpec().build();
        j.getSpec().setCompletions(null);
        assertThatThrownBy(() -> client.batch().v1().jobs().inNamespace(NS).resource(j).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).isEqualTo("Job.batch \"bad\" is invalid: "
                            + "spec.completions: Required value: when completion mode is Indexed");
                });
        Job always = job("always", "1s", 0).editSpec().editTemplate().editSpec().withRestartPolicy("Always")
                .endSpec().endTemplate().endSpec().build();
        assertThatThrownBy(() -> client.batch().v1().jobs().inNamespace(NS).resource(always).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
                        .isEqualTo("Job.batch \"always\" is invalid: spec.template.spec.restartPolicy: Unsupported "
                                + "value: \"Always\": supported values: \"OnFailure\", \"Never\""));
    }
}
