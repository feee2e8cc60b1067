package io.kubepark;

import static io.kubepark.StatefulSetFixture.NS;
import static io.kubepark.StatefulSetFixture.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PodDisruptionBudgets end to end over HTTP on a virtual clock: the disruption controller's status and the eviction
 * subresource that consults it. Rule numbers refer to docs/workloads/disruption.md.
 */
class DisruptionTest extends WithCluster {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUDGETS = "/apis/policy/v1/namespaces/default/poddisruptionbudgets";
    private static final String BLOCKED = "Cannot evict pod as it would violate the pod's disruption budget.";

    private StatefulSetFixture f;

    @BeforeEach
    void fixture() {
        f = new StatefulSetFixture(park, client);
    }

    /** A set {@code ss} of {@code replicas} whose pods take 5 s to be Ready, run until all are. */
    private void readySet(int replicas) {
        f.create(set("ss", replicas, false).editSpec().editTemplate().editMetadata()
                .addToAnnotations("kubepark.io/ready-after", "5s").endMetadata().endTemplate().endSpec());
        park.advance(Duration.ofSeconds(10L * replicas + 10));
        assertThat(f.pods("ss")).hasSize(replicas).allSatisfy(p -> assertThat(StatefulSetFixture.ready(p)).isTrue());
    }

    /** Creates a budget over the set's pods ({@code foo: bar}) with the given spec fields; returns the response. */
    private HttpResponse<String> budget(String name, String specFields) throws Exception {
        String body = "{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"selector\":{\"matchLabels\":{\"foo\":\"bar\"}}" + (specFields.isEmpty() ? "" : ",")
                + specFields + "}}";
        return Clients.send(park, "POST", BUDGETS, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode status(String budget) throws Exception {
        park.awaitIdle();
        return JSON.readTree(Clients.get(park, BUDGETS + "/" + budget).body()).path("status");
    }

    private HttpResponse<String> evict(String pod, String deleteOptions, String query) throws Exception {
        String body = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod
                + "\",\"namespace\":\"default\"}" + (deleteOptions == null ? "" : ",\"deleteOptions\":" + deleteOptions)
                + "}";
        return Clients.send(park, "POST", "/api/v1/namespaces/default/pods/" + pod + "/eviction" + query,
                "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> evict(String pod) throws Exception {
        return evict(pod, null, "");
    }

    private static JsonNode condition(JsonNode status) {
        return status.path("conditions").get(0);
    }

    private boolean disruptionTarget(String pod) {
        Pod p = f.pod(pod);
        return p.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("DisruptionTarget"));
    }

    // ---------------------------------------------------------------- status (rules 1, 9–14, 18–21)

    @Test
    void aNewBudgetStartsAtZeroAndTheControllerCountsTheSetsPods() throws Exception { // rules 1, 10, 11, 18, 19, 21
        readySet(3);
        HttpResponse<String> created = budget("web", "\"minAvailable\":2");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        assertThat(body.path("metadata").path("generation").asInt()).isEqualTo(1);
        assertThat(JSON.writeValueAsString(body.path("status")))
                .isEqualTo("{\"disruptionsAllowed\":0,\"currentHealthy\":0,\"desiredHealthy\":0,\"expectedPods\":0}");
        JsonNode status = status("web");
        assertThat(status.path("observedGeneration").asInt()).isEqualTo(1);
        assertThat(status.path("expectedPods").asInt()).isEqualTo(3);
        assertThat(status.path("desiredHealthy").asInt()).isEqualTo(2);
        assertThat(status.path("currentHealthy").asInt()).isEqualTo(3);
        assertThat(status.path("disruptionsAllowed").asInt()).isEqualTo(1);
        assertThat(condition(status).path("type").asText()).isEqualTo("DisruptionAllowed");
        assertThat(condition(status).path("status").asText()).isEqualTo("True");
        assertThat(condition(status).path("reason").asText()).isEqualTo("SufficientPods");
        assertThat(condition(status).path("message").asText()).isEmpty();
        // a pod that stops being Ready is no longer healthy (rule 18), and the condition flips (rule 21)
        f.pause("ss-1");
        park.advance(Duration.ofSeconds(1));
        JsonNode paused = status("web");
        assertThat(paused.path("currentHealthy").asInt()).isEqualTo(2);
        assertThat(paused.path("disruptionsAllowed").asInt()).isZero();
        assertThat(condition(paused).path("reason").asText()).isEqualTo("InsufficientPods");
    }

    @Test
    void maxUnavailableAndPercentagesFollowTheSetsScale() throws Exception { // rules 12, 13, 15d, 24
        readySet(3);
        assertThat(budget("web", "\"maxUnavailable\":\"50%\"").statusCode()).isEqualTo(201);
        JsonNode status = status("web");
        // 50% of 3 rounds up to 2 unavailable
        assertThat(status.path("expectedPods").asInt()).isEqualTo(3);
        assertThat(status.path("desiredHealthy").asInt()).isEqualTo(1);
        assertThat(status.path("disruptionsAllowed").asInt()).isEqualTo(2);
        client.apps().statefulSets().inNamespace(NS).withName("ss").scale(5);
        park.advance(Duration.ofSeconds(30));
        status = status("web");
        assertThat(status.path("expectedPods").asInt()).isEqualTo(5);
        assertThat(status.path("desiredHealthy").asInt()).isEqualTo(2);
        assertThat(status.path("disruptionsAllowed").asInt()).isEqualTo(3);
        // a spec change is a new generation, observed by the next status
        client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web")
                .edit(b -> new PodDisruptionBudgetBuilder(b).editSpec().withMaxUnavailable(null)
                        .withMinAvailable(new IntOrString("60%")).endSpec().build());
        status = status("web");
        assertThat(status.path("observedGeneration").asInt()).isEqualTo(2);
        assertThat(status.path("desiredHealthy").asInt()).isEqualTo(3);
        assertThat(status.path("disruptionsAllowed").asInt()).isEqualTo(2);
    }

    @Test
    void aCustomResourceWithAScaleSubresourceCountsItsReplicas() throws Exception { // rule 15e
        client.apiextensions().v1().customResourceDefinitions().load(new java.io.ByteArrayInputStream(
                CustomResourceTest.CRD.getBytes(StandardCharsets.UTF_8))).create();
        park.awaitIdle();
        HttpResponse<String> widget = Clients.send(park, "POST", "/apis/example.com/v1/namespaces/default/widgets",
                "application/json", ("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":"
                        + "\"w\"},\"spec\":{\"image\":\"x\",\"replicas\":4}}").getBytes(StandardCharsets.UTF_8));
        assertThat(widget.statusCode()).isEqualTo(201);
        String uid = JSON.readTree(widget.body()).path("metadata").path("uid").asText();
        for (String name : new String[] {"w-a", "w-b"}) {
            client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                    .addToLabels("foo", "bar").addNewOwnerReference().withApiVersion("example.com/v1")
                    .withKind("Widget").withName("w").withUid(uid).withController(true).endOwnerReference()
                    .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer()
                    .endSpec().build()).create();
        }
        park.advance(Duration.ofSeconds(2));
        assertThat(budget("web", "\"maxUnavailable\":1").statusCode()).isEqualTo(201);
        JsonNode status = status("web");
        assertThat(status.path("expectedPods").asInt()).isEqualTo(4);
        assertThat(status.path("desiredHealthy").asInt()).isEqualTo(3);
        assertThat(status.path("currentHealthy").asInt()).isEqualTo(2);
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
    }

    @Test
    void anOwnerWithoutScaleFailsTheSyncSafely() throws Exception { // rules 16, 17, 22
        String uid = client.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("owner").endMetadata().build()).create().getMetadata().getUid();
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("odd").addToLabels("foo", "bar")
                .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("owner").withUid(uid)
                .withController(true).endOwnerReference().endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("nginx").endContainer().endSpec().build()).create();
        park.advance(Duration.ofSeconds(2));
        assertThat(budget("web", "\"maxUnavailable\":1").statusCode()).isEqualTo(201);
        JsonNode status = status("web");
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        assertThat(condition(status).path("status").asText()).isEqualTo("False");
        assertThat(condition(status).path("reason").asText()).isEqualTo("SyncFailed");
        assertThat(condition(status).path("message").asText())
                .isEqualTo("configmaps does not implement the scale subresource");
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("CalculateExpectedPodCountFailed");
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("PodDisruptionBudget");
            assertThat(e.getMessage()).isEqualTo("Failed to calculate the number of expected pods: configmaps does "
                    + "not implement the scale subresource");
        });
        // the fail-safe forbids evictions (rule 31d)
        assertThat(evict("odd").statusCode()).isEqualTo(429);
    }

    @Test
    void aBudgetWithoutPodsRecordsNoPods() throws Exception { // rules 2, 14, 23
        HttpResponse<String> created = budget("empty", "");
        assertThat(created.statusCode()).isEqualTo(201);
        // no default fills either field in policy/v1
        assertThat(JSON.readTree(created.body()).path("spec").fieldNames()).toIterable().containsExactly("selector");
        JsonNode status = status("empty");
        assertThat(status.path("expectedPods").asInt()).isZero();
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("NoPods");
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getMessage()).isEqualTo("No matching pods found");
            assertThat(e.getSource().getComponent()).isEqualTo("controllermanager");
        });
    }

    @Test
    void anEmptySelectorSelectsEveryPodOfTheNamespaceAndANullOneNone() throws Exception { // rules 8, 28
        for (String[] p : new String[][] {{"a", "foo"}, {"b", "other"}}) {
            client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(p[0])
                    .addToLabels(p[1], "bar").endMetadata().withNewSpec().addNewContainer().withName("c")
                    .withImage("nginx").endContainer().endSpec().build()).create();
        }
        park.advance(Duration.ofSeconds(2));
        String all = "{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\",\"metadata\":{\"name\":"
                + "\"all\"},\"spec\":{\"minAvailable\":1,\"selector\":{}}}";
        String none = "{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\",\"metadata\":{\"name\":"
                + "\"none\"},\"spec\":{\"minAvailable\":1}}";
        assertThat(Clients.send(park, "POST", BUDGETS, "application/json", all.getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(201);
        assertThat(Clients.send(park, "POST", BUDGETS, "application/json", none.getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(201);
        assertThat(status("all").path("expectedPods").asInt()).isEqualTo(2);
        assertThat(status("all").path("disruptionsAllowed").asInt()).isEqualTo(1);
        assertThat(status("none").path("expectedPods").asInt()).isZero();
        // only "all" selects b: one budget, one disruption allowed
        assertThat(evict("b").statusCode()).isEqualTo(201);
        assertThat(status("all").path("disruptionsAllowed").asInt()).isZero();
        assertThat(evict("a").statusCode()).isEqualTo(429);
    }

    @Test
    void getPrintsTheColumnsOfARealServer() throws Exception { // rule 9
        assertThat(budget("web", "\"minAvailable\":\"50%\"").statusCode()).isEqualTo(201);
        park.awaitIdle();
        JsonNode table = JSON.readTree(Clients.get(park, BUDGETS,
                "application/json;as=Table;v=v1;g=meta.k8s.io").body());
        assertThat(table.path("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age");
        JsonNode cells = table.path("rows").get(0).path("cells");
        assertThat(cells.get(1).asText()).isEqualTo("50%");
        assertThat(cells.get(2).asText()).isEqualTo("N/A");
        assertThat(cells.get(3).asInt()).isZero();
    }

    // ---------------------------------------------------------------- bad budgets (rules 3–7)

    @Test
    void badBudgetsAreRefusedWithTheRealMessages() throws Exception { // rules 3, 4, 5, 6, 7
        HttpResponse<String> both = budget("both", "\"minAvailable\":1,\"maxUnavailable\":1");
        assertThat(both.statusCode()).isEqualTo(422);
        JsonNode status = JSON.readTree(both.body());
        assertThat(status.path("reason").asText()).isEqualTo("Invalid");
        assertThat(status.path("message").asText()).isEqualTo("PodDisruptionBudget.policy \"both\" is invalid: spec: "
                + "Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000a4c000), "
                + "Selector:(*v1.LabelSelector)(0xc000a4c020), MaxUnavailable:(*intstr.IntOrString)(0xc000a4c040), "
                + "UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and "
                + "maxUnavailable cannot be both set");
        assertThat(status.path("details").path("causes").get(0).path("field").asText()).isEqualTo("spec");
        assertThat(JSON.readTree(budget("neg", "\"minAvailable\":-1").body()).path("message").asText())
                .isEqualTo("PodDisruptionBudget.policy \"neg\" is invalid: spec.minAvailable: Invalid value: -1: must "
                        + "be greater than or equal to 0");
        assertThat(JSON.readTree(budget("word", "\"maxUnavailable\":\"abc\"").body()).path("message").asText())
                .isEqualTo("PodDisruptionBudget.policy \"word\" is invalid: spec.maxUnavailable: Invalid value: abc: a "
                        + "valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or "
                        + "'93%', regex used for validation is '[0-9]+%')");
        assertThat(JSON.readTree(budget("over", "\"minAvailable\":\"150%\"").body()).path("message").asText())
                .isEqualTo("PodDisruptionBudget.policy \"over\" is invalid: spec.minAvailable: Invalid value: 150%: "
                        + "must not be greater than 100%");
        String badSelector = "{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\",\"metadata\":{\"name\":"
                + "\"sel\"},\"spec\":{\"minAvailable\":1,\"selector\":{\"matchExpressions\":[{\"key\":\"app\","
                + "\"operator\":\"Bad\"},{\"key\":\"tier\",\"operator\":\"In\"}]}}}";
        assertThat(JSON.readTree(Clients.send(park, "POST", BUDGETS, "application/json",
                badSelector.getBytes(StandardCharsets.UTF_8)).body()).path("message").asText())
                .isEqualTo("PodDisruptionBudget.policy \"sel\" is invalid: [spec.selector.matchExpressions[0].operator: "
                        + "Invalid value: \"Bad\": not a valid selector operator, spec.selector.matchExpressions[1]"
                        + ".values: Required value: must be specified when `operator` is 'In' or 'NotIn']");
        assertThat(JSON.readTree(budget("pol", "\"minAvailable\":1,\"unhealthyPodEvictionPolicy\":\"Sometimes\"")
                .body()).path("message").asText()).isEqualTo("PodDisruptionBudget.policy \"pol\" is invalid: "
                        + "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Sometimes\": supported values: "
                        + "\"AlwaysAllow\", \"IfHealthyBudget\"");
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).list().getItems()).isEmpty();
        // a status write keeps the counts non-negative (rule 7)
        assertThat(budget("ok", "\"minAvailable\":1").statusCode()).isEqualTo(201);
        park.awaitIdle();
        HttpResponse<String> negative = Clients.send(park, "PATCH", BUDGETS + "/ok/status",
                "application/merge-patch+json", "{\"status\":{\"disruptionsAllowed\":-1}}".getBytes(StandardCharsets.UTF_8));
        assertThat(negative.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(negative.body()).path("message").asText()).isEqualTo("PodDisruptionBudget.policy "
                + "\"ok\" is invalid: status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0");
    }

    // ---------------------------------------------------------------- eviction (rules 26–34)

    @Test
    void anEvictionTakesTheAllowedDisruptionAndTheNextIsRefusedWith429() throws Exception { // rules 31d, 31e, 32
        readySet(3);
        assertThat(budget("web", "\"minAvailable\":2").statusCode()).isEqualTo(201);
        assertThat(status("web").path("disruptionsAllowed").asInt()).isEqualTo(1);
        HttpResponse<String> first = evict("ss-0");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":"
                + "\"Success\",\"code\":201}");
        JsonNode after = status("web");
        assertThat(after.path("currentHealthy").asInt()).isEqualTo(2);
        assertThat(after.path("disruptionsAllowed").asInt()).isZero();
        // the recreated ss-0 is not Ready for 5 s: ss-1 is protected
        HttpResponse<String> refused = evict("ss-1");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":"
                + "\"Failure\",\"message\":\"" + BLOCKED + "\",\"reason\":\"TooManyRequests\",\"details\":{\"causes\":"
                + "[{\"reason\":\"DisruptionBudget\",\"message\":\"The disruption budget web needs 2 healthy pods and "
                + "has 2 currently\"}]},\"code\":429}");
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
        assertThat(f.pod("ss-1").getMetadata().getDeletionTimestamp()).isNull();
        assertThat(disruptionTarget("ss-1")).isFalse();
        // fabric8 reports the refusal as false
        assertThat(client.pods().inNamespace(NS).withName("ss-1").evict()).isFalse();
        park.advance(Duration.ofSeconds(10));
        assertThat(status("web").path("disruptionsAllowed").asInt()).isEqualTo(1);
        assertThat(client.pods().inNamespace(NS).withName("ss-1").evict()).isTrue();
    }

    @Test
    void theBudgetIsWrittenBeforeTheDeleteAndAnUndeletedPodComesBackAfterTwoMinutes() throws Exception {
        // rules 20, 31e, 33
        readySet(3);
        assertThat(budget("web", "\"minAvailable\":2").statusCode()).isEqualTo(201);
        park.awaitIdle();
        HttpResponse<String> stale = evict("ss-0", "{\"preconditions\":{\"resourceVersion\":\"1\"}}", "");
        assertThat(stale.statusCode()).isEqualTo(409);
        String rv = f.pod("ss-0").getMetadata().getResourceVersion();
        assertThat(JSON.readTree(stale.body()).path("message").asText()).isEqualTo("Operation cannot be fulfilled on "
                + "Pod \"ss-0\": the ResourceVersion in the precondition (1) does not match the ResourceVersion in "
                + "record (" + rv + "). The object might have been modified");
        JsonNode status = status("web");
        assertThat(status.path("disruptedPods").has("ss-0")).isTrue();
        assertThat(status.path("disruptedPods").path("ss-0").asText()).isEqualTo(park.api().now());
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        assertThat(status.path("currentHealthy").asInt()).isEqualTo(2);
        assertThat(f.pod("ss-0").getMetadata().getDeletionTimestamp()).isNull();
        park.advance(Duration.ofSeconds(119));
        assertThat(status("web").path("disruptedPods").has("ss-0")).isTrue();
        park.advance(Duration.ofSeconds(2));
        JsonNode restored = status("web");
        assertThat(restored.has("disruptedPods")).isFalse();
        assertThat(restored.path("currentHealthy").asInt()).isEqualTo(3);
        assertThat(restored.path("disruptionsAllowed").asInt()).isEqualTo(1);
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("NotDeleted");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("ss-0");
            assertThat(e.getMessage()).isEqualTo("Pod was expected by PDB default/default to be deleted but it wasn't");
        });
    }

    @Test
    void aDryRunChecksTheBudgetButWritesNothing() throws Exception { // rules 26, 34
        readySet(3);
        assertThat(budget("web", "\"minAvailable\":2").statusCode()).isEqualTo(201);
        park.awaitIdle();
        String budgetRv = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web").get()
                .getMetadata().getResourceVersion();
        String podRv = f.pod("ss-0").getMetadata().getResourceVersion();
        assertThat(evict("ss-0", null, "?dryRun=All").statusCode()).isEqualTo(201);
        assertThat(evict("ss-0", "{\"dryRun\":[\"All\"]}", "").statusCode()).isEqualTo(201);
        park.awaitIdle();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web").get().getMetadata()
                .getResourceVersion()).isEqualTo(budgetRv);
        assertThat(f.pod("ss-0").getMetadata().getResourceVersion()).isEqualTo(podRv);
        assertThat(f.pod("ss-0").getMetadata().getDeletionTimestamp()).isNull();
        // with no disruption allowed the dry run is refused as the real eviction would be
        client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web")
                .edit(b -> new PodDisruptionBudgetBuilder(b).editSpec().withMinAvailable(new IntOrString(3)).endSpec()
                        .build());
        park.awaitIdle();
        assertThat(evict("ss-0", null, "?dryRun=All").statusCode()).isEqualTo(429);
        // and a mismatched name is a 400 (rule 26)
        HttpResponse<String> misnamed = Clients.send(park, "POST", "/api/v1/namespaces/default/pods/ss-0/eviction",
                "application/json", "{\"metadata\":{\"name\":\"ss-1\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(misnamed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(misnamed.body()).path("message").asText())
                .isEqualTo("name in URL does not match name in Eviction object");
    }

    @Test
    void aPodWithTwoBudgetsCannotBeEvicted() throws Exception { // rules 24, 28, 29
        readySet(2);
        assertThat(budget("one", "\"maxUnavailable\":1").statusCode()).isEqualTo(201);
        assertThat(budget("two", "\"maxUnavailable\":2").statusCode()).isEqualTo(201);
        park.awaitIdle();
        String rvOne = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("one").get().getMetadata()
                .getResourceVersion();
        HttpResponse<String> r = evict("ss-0");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":"
                + "\"Failure\",\"message\":\"This pod has more than one PodDisruptionBudget, which the eviction "
                + "subresource does not support.\",\"code\":500}");
        park.awaitIdle();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("one").get().getMetadata()
                .getResourceVersion()).isEqualTo(rvOne);
        assertThat(f.pod("ss-0").getMetadata().getDeletionTimestamp()).isNull();
        assertThat(disruptionTarget("ss-0")).isFalse();
        // the controller warns about the pod when it next changes (rule 24)
        f.pause("ss-0");
        park.advance(Duration.ofSeconds(1));
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("MultiplePodDisruptionBudgets");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("ss-0");
            assertThat(e.getMessage()).isEqualTo(
                    "Pod \"default\"/\"ss-0\" matches multiple PodDisruptionBudgets.  Chose \"one\" arbitrarily.");
        });
    }

    @Test
    void unhealthyPodsAreLetThroughOnlyWhileTheBudgetHolds() throws Exception { // rule 30
        readySet(3);
        assertThat(budget("web", "\"minAvailable\":2").statusCode()).isEqualTo(201);
        f.pause("ss-2");
        park.advance(Duration.ofSeconds(1));
        JsonNode status = status("web");
        assertThat(status.path("currentHealthy").asInt()).isEqualTo(2);
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        // unready, and the budget is met: evicted without taking a disruption
        String rv = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web").get().getMetadata()
                .getResourceVersion();
        assertThat(evict("ss-2").statusCode()).isEqualTo(201);
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web").get().getMetadata()
                .getResourceVersion()).isEqualTo(rv);
        park.advance(Duration.ofSeconds(30));
        // two unready pods: the budget is not met, an unready pod is protected like a healthy one
        f.pause("ss-0");
        f.pause("ss-1");
        park.advance(Duration.ofSeconds(1));
        assertThat(status("web").path("currentHealthy").asInt()).isLessThan(2);
        HttpResponse<String> refused = evict("ss-1");
        assertThat(refused.statusCode()).isEqualTo(429);
        // AlwaysAllow lets unready pods go whatever the budget says
        client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web")
                .edit(b -> new PodDisruptionBudgetBuilder(b).editSpec().withUnhealthyPodEvictionPolicy("AlwaysAllow")
                        .endSpec().build());
        park.awaitIdle();
        assertThat(evict("ss-1").statusCode()).isEqualTo(201);
    }

    @Test
    void pendingPodsAndPodsWithoutABudgetAreEvictedAsBefore() throws Exception { // rules 27, 28, 32
        assertThat(budget("all", "\"minAvailable\":5").statusCode()).isEqualTo(201);
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("waiting")
                .addToLabels("foo", "bar").endMetadata().withNewSpec().addToNodeSelector("nowhere", "true")
                .addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build()).create();
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("free")
                .addToLabels("app", "other").addToAnnotations("kubepark.io/stop-delay", "5s").endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("nginx").endContainer().endSpec().build()).create();
        park.advance(Duration.ofSeconds(2));
        assertThat(f.pod("waiting").getStatus().getPhase()).isEqualTo("Pending");
        assertThat(f.pod("free").getStatus().getPhase()).isEqualTo("Running");
        assertThat(evict("waiting").statusCode()).isEqualTo(201);
        assertThat(f.pod("waiting")).isNull();
        assertThat(evict("free").statusCode()).isEqualTo(201);
        Pod free = f.pod("free");
        assertThat(free.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(free.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("DisruptionTarget");
            assertThat(c.getReason()).isEqualTo("EvictionByEvictionAPI");
            assertThat(c.getMessage()).isEqualTo("Eviction API: evicting");
        });
        assertThat(evict("never-was").statusCode()).isEqualTo(404);
    }

    @Test
    void aStaleDisruptionTargetIsResetAfterTwoMinutes() throws Exception { // rule 25
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("marked").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build())
                .create();
        park.advance(Duration.ofSeconds(2));
        Clients.send(park, "PATCH", "/api/v1/namespaces/default/pods/marked/status", "application/strategic-merge-patch+json",
                ("{\"status\":{\"conditions\":[{\"type\":\"DisruptionTarget\",\"status\":\"True\",\"reason\":"
                        + "\"PreemptionByScheduler\",\"lastTransitionTime\":\"" + park.api().now() + "\"}]}}")
                        .getBytes(StandardCharsets.UTF_8));
        park.advance(Duration.ofSeconds(119));
        assertThat(condition("marked")).containsEntry("status", "True");
        park.advance(Duration.ofSeconds(2));
        assertThat(condition("marked")).containsEntry("status", "False").doesNotContainKey("reason");
    }

    private Map<String, Object> condition(String pod) {
        var c = f.pod(pod).getStatus().getConditions().stream().filter(x -> x.getType().equals("DisruptionTarget"))
                .findFirst().orElseThrow();
        Map<String, Object> out = new java.util.HashMap<>();
        out.put("status", c.getStatus());
        if (c.getReason() != null) {
            out.put("reason", c.getReason());
        }
        return out;
    }

    @Test
    void aBudgetMadeWithFabric8ReadsBackItsStatus() { // rules 1, 21 through the typed client
        PodDisruptionBudget created = client.policy().v1().podDisruptionBudget().inNamespace(NS).resource(
                new PodDisruptionBudgetBuilder().withNewMetadata().withName("typed").endMetadata().withNewSpec()
                        .withMaxUnavailable(new IntOrString(1)).withNewSelector().addToMatchLabels("foo", "bar")
                        .endSelector().endSpec().build()).create();
        assertThat(created.getStatus().getDisruptionsAllowed()).isZero();
        park.awaitIdle();
        PodDisruptionBudget read = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("typed").get();
        assertThat(read.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(read.getStatus().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("DisruptionAllowed");
            assertThat(c.getReason()).isEqualTo("InsufficientPods");
        });
    }
}
