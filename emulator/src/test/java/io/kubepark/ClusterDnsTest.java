package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kubepark.kubelet.ContainerBehaviour;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The cluster DNS through dnsjava's resolver over UDP and TCP, as a client in a pod would ask it: headless
 * StatefulSet records, readiness, SRV, PTR, ExternalName and the negative answers (C1-C13).
 */
class ClusterDnsTest extends WithCluster {
    private StatefulSetFixture f;

    @BeforeEach
    void fixture() {
        f = new StatefulSetFixture(park, client);
    }

    private Message ask(String name, int type, boolean tcp) throws Exception {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(park.dnsPort());
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private List<String> answers(String name, int type) throws Exception {
        Message udp = ask(name, type, false);
        Message tcp = ask(name, type, true);
        List<String> overUdp = udp.getSection(Section.ANSWER).stream().map(Record::rdataToString).sorted().toList();
        List<String> overTcp = tcp.getSection(Section.ANSWER).stream().map(Record::rdataToString).sorted().toList();
        assertThat(overTcp).as("TCP and UDP agree on " + name).isEqualTo(overUdp);
        return overUdp;
    }

    private void headless(String name, boolean publishNotReady) {
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withClusterIP("None").withSelector(StatefulSetFixture.LABELS)
                .withPublishNotReadyAddresses(publishNotReady).addNewPort().withName("web").withPort(80)
                .withProtocol("TCP").endPort().endSpec().build()).create();
    }

    private List<String> podIps() {
        return f.pods("ss").stream().map(p -> p.getStatus().getPodIP()).sorted().toList();
    }

    @Test
    void aHeadlessServiceNamesEveryReadyStatefulSetPod() throws Exception {
        headless("test", false);
        f.create(StatefulSetFixture.set("ss", 3, false));
        f.settle();
        assertThat(answers("test.default.svc.cluster.local.", Type.A)).containsExactlyElementsOf(podIps());
        String ip1 = f.pod("ss-1").getStatus().getPodIP();
        assertThat(answers("ss-1.test.default.svc.cluster.local.", Type.A)).containsExactly(ip1);
        assertThat(answers("SS-1.Test.Default.SVC.cluster.local.", Type.A)).containsExactly(ip1);
        assertThat(answers("_web._tcp.test.default.svc.cluster.local.", Type.SRV)).containsExactlyInAnyOrder(
                "0 33 80 ss-0.test.default.svc.cluster.local.", "0 33 80 ss-1.test.default.svc.cluster.local.",
                "0 33 80 ss-2.test.default.svc.cluster.local.");
        assertThat(answers(ReverseMap.fromAddress(ip1).toString(), Type.PTR))
                .containsExactly("ss-1.test.default.svc.cluster.local.");
    }

    @Test
    void anUnreadyPodLeavesTheAnswerAndComesBackUnlessNotReadyAddressesArePublished() throws Exception {
        headless("test", false);
        headless("all", true);
        f.create(StatefulSetFixture.set("ss", 3, false).editSpec().withPodManagementPolicy("Parallel").endSpec());
        f.settle();
        String ip1 = f.pod("ss-1").getStatus().getPodIP();
        park.behave("default", "ss-1", Map.of("webserver", ContainerBehaviour.UNSET.withReadyAfter(ContainerBehaviour.NEVER)));
        park.awaitIdle();
        assertThat(answers("test.default.svc.cluster.local.", Type.A)).hasSize(2).doesNotContain(ip1);
        assertThat(answers("all.default.svc.cluster.local.", Type.A)).hasSize(3).contains(ip1);
        park.behave("default", "ss-1", Map.of("webserver", ContainerBehaviour.UNSET.withReadyAfter(Duration.ZERO)));
        park.awaitIdle();
        assertThat(answers("test.default.svc.cluster.local.", Type.A)).hasSize(3).contains(ip1);
    }

    @Test
    void aClusterIpServiceHasItsAddressSrvAndPtr() throws Exception {
        Service svc = client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata()
                .withName("api").endMetadata().withNewSpec().addNewPort().withName("http").withPort(8080)
                .withProtocol("TCP").endPort().endSpec().build()).create();
        park.awaitIdle();
        String ip = svc.getSpec().getClusterIP();
        assertThat(answers("api.default.svc.cluster.local.", Type.A)).containsExactly(ip);
        assertThat(answers("_http._tcp.api.default.svc.cluster.local.", Type.SRV))
                .containsExactly("0 100 8080 api.default.svc.cluster.local.");
        assertThat(answers(ReverseMap.fromAddress(ip).toString(), Type.PTR))
                .containsExactly("api.default.svc.cluster.local.");
        assertThat(answers("kubernetes.default.svc.cluster.local.", Type.A)).containsExactly("10.96.0.1");
        assertThat(park.lookup("api.default.svc.cluster.local.", Type.A)).extracting(Record::rdataToString)
                .containsExactly(ip);
    }

    @Test
    void anExternalNameServiceIsACname() throws Exception {
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("ext")
                .endMetadata().withNewSpec().withType("ExternalName").withExternalName("db.example.com").endSpec()
                .build()).create();
        park.awaitIdle();
        Message m = ask("ext.default.svc.cluster.local.", Type.CNAME, false);
        assertThat(m.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("db.example.com.");
    }

    @Test
    void missingNamesAreNxdomainAndMissingTypesAreNodataBothWithTheSoa() throws Exception {
        Message nx = ask("nope.default.svc.cluster.local.", Type.A, false);
        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nx.getSection(Section.AUTHORITY)).singleElement().satisfies(r -> assertThat(r.getType())
                .isEqualTo(Type.SOA));
        Message noNamespace = ask("kubernetes.nowhere.svc.cluster.local.", Type.A, false);
        assertThat(noNamespace.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        Message nodata = ask("kubernetes.default.svc.cluster.local.", Type.AAAA, false);
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        assertThat(nodata.getSection(Section.AUTHORITY)).singleElement().satisfies(r -> assertThat(r.getType())
                .isEqualTo(Type.SOA));
        assertThat(answers("dns-version.cluster.local.", Type.TXT)).containsExactly("\"1.1.0\"");
    }

    @Test
    void aDeletedServiceIsGoneAfterOneControllerStep() throws Exception {
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("brief")
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        park.awaitIdle();
        assertThat(answers("brief.default.svc.cluster.local.", Type.A)).hasSize(1);
        client.services().inNamespace("default").withName("brief").delete();
        park.awaitIdle();
        assertThat(ask("brief.default.svc.cluster.local.", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void digGetsTheSameAnswerWhenItIsInstalled() throws Exception {
        Path dig = Path.of("/usr/bin/dig");
        assumeTrue(Files.isExecutable(dig), "dig is not installed here: the dig test is skipped");
        Process p = new ProcessBuilder(dig.toString(), "@127.0.0.1", "-p", Integer.toString(park.dnsPort()),
                "+short", "kubernetes.default.svc.cluster.local").redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = r.lines().reduce("", (a, b) -> a + b + "\n");
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(out.trim()).isEqualTo("10.96.0.1");
    }

    @Test
    void answersCarryTheConfiguredTtl() throws Exception {
        assertThat(ask("kubernetes.default.svc.cluster.local.", Type.A, false).getSection(Section.ANSWER))
                .singleElement().satisfies(r -> assertThat(r.getTTL()).isEqualTo(30));
        try (KubePark other = KubePark.builder().nodes(0).dnsTtl(5).clusterDomain("park.test").start()) {
            SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
            resolver.setPort(other.dnsPort());
            Message m = resolver.send(Message.newQuery(Record.newRecord(
                    Name.fromString("kubernetes.default.svc.park.test."), Type.A, DClass.IN)));
            assertThat(m.getSection(Section.ANSWER)).singleElement().satisfies(r -> {
                assertThat(r.rdataToString()).isEqualTo("10.96.0.1");
                assertThat(r.getTTL()).isEqualTo(5);
            });
        }
    }

    @Test
    void userManagedEndpointsOfASelectorlessServiceAreMirroredAndResolve() throws Exception {
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("outside")
                .endMetadata().withNewSpec().withClusterIP("None").addNewPort().withName("db").withPort(5432)
                .endPort().endSpec().build()).create();
        client.endpoints().inNamespace("default").resource(new EndpointsBuilder()
                .withNewMetadata().withName("outside").endMetadata().addNewSubset().addNewAddress().withIp("192.0.2.7")
                .endAddress().addNewPort().withName("db").withPort(5432).endPort().endSubset().build()).create();
        park.awaitIdle();
        assertThat(client.discovery().v1().endpointSlices().inNamespace("default")
                .withLabel("kubernetes.io/service-name", "outside").list().getItems()).singleElement()
                .satisfies(s -> assertThat(s.getMetadata().getLabels())
                        .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslicemirroring-controller.k8s.io"));
        assertThat(answers("outside.default.svc.cluster.local.", Type.A)).containsExactly("192.0.2.7");
    }
}
