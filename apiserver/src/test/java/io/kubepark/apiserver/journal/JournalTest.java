package io.kubepark.apiserver.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.PodConditions;
import io.kubepark.apiserver.api.ApiServer;
import io.kubepark.apiserver.api.DeleteOptions;
import io.kubepark.apiserver.registry.ResourceRegistry;
import io.kubepark.apiserver.registry.ResourceType;
import io.kubepark.apiserver.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The journal: who wrote what, in commit order, with the state it left; heartbeats and notes left out. */
class JournalTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private ApiServer api;
    private Journal journal;
    private ResourceType pods;

    @BeforeEach
    void start() {
        Store store = new Store(1000);
        api = new ApiServer(ResourceRegistry.builtIn(), store, Clock.fixed(T0, ZoneOffset.UTC));
        journal = new Journal(Clock.fixed(T0, ZoneOffset.UTC));
        store.addCommitListener(journal);
        pods = api.type("", "v1", "pods");
        ObjectNode ns = Json.object();
        ns.putObject("metadata").put("name", "ns");
        api.create(api.type("", "v1", "namespaces"), null, ns, ApiServer.WriteOptions.DEFAULT);
    }

    private void createPod(String name) {
        ObjectNode pod = Json.object();
        pod.putObject("metadata").put("name", name);
        ObjectNode spec = pod.putObject("spec").put("nodeName", "node-1");
        spec.putArray("containers").addObject().put("name", "c").put("image", "nginx");
        api.create(pods, "ns", pod, ApiServer.WriteOptions.DEFAULT);
    }

    @Test
    void eachWriteIsRecordedWithItsActorActionAndState() {
        Actor.run("statefulset-controller", () -> createPod("web-0"));
        Actor.run("kubelet/node-1", () -> api.modify(pods, "ns", "web-0", "status", p -> {
            ((ObjectNode) p.get("status")).put("phase", "Running");
            PodConditions.set(p, "Ready", "True", null, null, T0.toString());
            return p;
        }));
        Actor.run("statefulset-controller", () -> api.delete(pods, "ns", "web-0", DeleteOptions.DEFAULT));

        List<Journal.Entry> podEntries = journal.since(0).stream().filter(e -> e.kind().equals("Pod")).toList();
        assertThat(podEntries).extracting(Journal.Entry::actor, Journal.Entry::action, Journal.Entry::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("statefulset-controller", "created", "Pending node-1"),
                        org.assertj.core.groups.Tuple.tuple("kubelet/node-1", "updated", "Running ready node-1"),
                        org.assertj.core.groups.Tuple.tuple("statefulset-controller", "deleting", "Running ready node-1"));
        assertThat(podEntries).allSatisfy(e -> assertThat(e.time()).isEqualTo(T0));
        assertThat(podEntries.get(1).sequence()).isGreaterThan(podEntries.get(0).sequence());
    }

    @Test
    void writesOutsideAnyActorAreKubeParksAndLeasesAreLeftOut() {
        createPod("bare");
        ObjectNode lease = Json.object();
        lease.putObject("metadata").put("name", "node-1");
        lease.putObject("spec").put("holderIdentity", "node-1");
        api.create(api.type("coordination.k8s.io", "v1", "leases"), "ns", lease, ApiServer.WriteOptions.DEFAULT);

        assertThat(journal.since(0)).extracting(Journal.Entry::kind).contains("Namespace", "Pod")
                .doesNotContain("Lease");
        assertThat(journal.since(0)).extracting(Journal.Entry::actor).containsOnly(Journal.UNNAMED);
        assertThat(journal.since(journal.last())).isEmpty();
    }

    @Test
    void aJobsStateSaysHowManySucceededAndWhetherItIsComplete() {
        ObjectNode job = Json.object();
        job.putObject("status").put("succeeded", 3).putArray("conditions").addObject().put("type", "Complete")
                .put("status", "True");
        assertThat(Journal.State.of("Job", job)).isEqualTo("succeeded 3 Complete");
        ObjectNode ds = Json.object();
        ds.putObject("status").put("numberReady", 2).put("desiredNumberScheduled", 3);
        assertThat(Journal.State.of("DaemonSet", ds)).isEqualTo("ready 2/3");
    }
}
