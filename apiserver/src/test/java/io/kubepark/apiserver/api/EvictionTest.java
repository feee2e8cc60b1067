package io.kubepark.apiserver.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.PodConditions;
import io.kubepark.apiserver.registry.ResourceRegistry;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The eviction subresource against budgets whose status a test writes by hand, with no disruption controller to
 * correct it: the refusals of checkAndDecrement that a running controller makes hard to reach (rules 31a–31c of
 * docs/workloads/disruption.md).
 */
class EvictionTest {
    private ApiServer api;
    private ResourceType pods;
    private ResourceType budgets;

    @BeforeEach
    void start() {
        api = new ApiServer(ResourceRegistry.builtIn(), new Store(1000),
                Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
        ObjectNode ns = Json.object();
        ns.putObject("metadata").put("name", "ns");
        api.create(api.type("", "v1", "namespaces"), null, ns, ApiServer.WriteOptions.DEFAULT);
        pods = api.type("", "v1", "pods");
        budgets = api.type("policy", "v1", "poddisruptionbudgets");
        ObjectNode pod = Json.object();
        pod.putObject("metadata").put("name", "p").putObject("labels").put("app", "web");
        pod.putObject("spec").put("nodeName", "node-1").putArray("containers").addObject().put("name", "c")
                .put("image", "nginx");
        api.create(pods, "ns", pod, ApiServer.WriteOptions.DEFAULT);
        api.modify(pods, "ns", "p", "status", p -> {
            ((ObjectNode) p.get("status")).put("phase", "Running");
            PodConditions.set(p, "Ready", "True", null, null, "2025-01-01T00:00:00Z");
            return p;
        });
        ObjectNode budget = Json.object();
        budget.putObject("metadata").put("name", "web");
        budget.putObject("spec").put("minAvailable", 1).putObject("selector").putObject("matchLabels")
                .put("app", "web");
        api.create(budgets, "ns", budget, ApiServer.WriteOptions.DEFAULT);
    }

    private void status(ObjectNode status) {
        api.modify(budgets, "ns", "web", "status", b -> {
            b.set("status", status);
            return b;
        });
    }

    private ApiException refused() {
        ObjectNode eviction = Json.object();
        eviction.putObject("metadata").put("name", "p");
        return catchThrowableOfType(ApiException.class, () -> api.evict("ns", "p", eviction, Params.NONE));
    }

    @Test
    void aBudgetWhoseGenerationIsNotObservedYetAsksToRetryLater() { // rule 31a
        status(Json.object().put("observedGeneration", 0).put("disruptionsAllowed", 1).put("currentHealthy", 1)
                .put("desiredHealthy", 0).put("expectedPods", 1));
        ApiException e = refused();
        assertThat(e.code()).isEqualTo(429);
        assertThat(e.retryAfterSeconds()).isEqualTo(10);
        assertThat(Json.string(e.toStatus())).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                + "\"status\":\"Failure\",\"message\":\"Cannot evict pod as it would violate the pod's disruption "
                + "budget.\",\"reason\":\"TooManyRequests\",\"details\":{\"causes\":[{\"reason\":\"DisruptionBudget\","
                + "\"message\":\"The disruption budget web is still being processed by the server.\"}],"
                + "\"retryAfterSeconds\":10},\"code\":429}");
        assertThat(api.get(pods, "ns", "p").node().path("metadata").has("deletionTimestamp")).isFalse();
    }

    @Test
    void tooManyUnconfirmedEvictionsAreForbidden() { // rule 31c
        ObjectNode status = Json.object().put("observedGeneration", 1);
        ObjectNode disrupted = status.putObject("disruptedPods");
        for (int i = 0; i <= 2000; i++) {
            disrupted.put("gone-" + i, "2025-01-01T00:00:00Z");
        }
        status.put("disruptionsAllowed", 1).put("currentHealthy", 1).put("desiredHealthy", 0).put("expectedPods", 1);
        status(status);
        ApiException e = refused();
        assertThat(e.code()).isEqualTo(403);
        assertThat(e.getMessage()).isEqualTo("poddisruptionbudget.policy \"web\" is forbidden: DisruptedPods map too "
                + "big - too many evictions not confirmed by PDB controller");
    }

    @Test
    void anAllowedEvictionWritesTheBudgetThenDeletesThePod() { // rules 31e, 32
        status(Json.object().put("observedGeneration", 1).put("disruptionsAllowed", 1).put("currentHealthy", 2)
                .put("desiredHealthy", 1).put("expectedPods", 2));
        ObjectNode eviction = Json.object();
        eviction.putObject("metadata").put("name", "p");
        api.evict("ns", "p", eviction, Params.NONE);
        ObjectNode after = api.get(budgets, "ns", "web").node();
        assertThat(Json.string(after.path("status"))).isEqualTo("{\"observedGeneration\":1,\"disruptedPods\":{\"p\":"
                + "\"2025-01-01T00:00:00Z\"},\"disruptionsAllowed\":0,\"currentHealthy\":2,\"desiredHealthy\":1,"
                + "\"expectedPods\":2,\"conditions\":[{\"type\":\"DisruptionAllowed\",\"status\":\"False\","
                + "\"observedGeneration\":1,\"lastTransitionTime\":\"2025-01-01T00:00:00Z\",\"reason\":"
                + "\"InsufficientPods\",\"message\":\"\"}]}");
        ObjectNode pod = api.get(pods, "ns", "p").node();
        assertThat(pod.path("metadata").has("deletionTimestamp")).isTrue();
        assertThat(pod.path("status").path("conditions").findValuesAsText("type")).contains("DisruptionTarget");
        // a terminating pod is evicted again without asking the budget (rule 27)
        assertThatCode(() -> api.evict("ns", "p", eviction, Params.NONE)).doesNotThrowAnyException();
    }
}
