package io.kubepark.controllers.dns;

import static io.kubepark.controllers.dns.Answers.answer;
import static io.kubepark.controllers.dns.Answers.rdata;
import static io.kubepark.controllers.dns.DnsFixtures.cluster;
import static io.kubepark.controllers.dns.DnsFixtures.clusterIp;
import static io.kubepark.controllers.dns.DnsFixtures.dns;
import static io.kubepark.controllers.dns.DnsFixtures.ep;
import static io.kubepark.controllers.dns.DnsFixtures.query;
import static io.kubepark.controllers.dns.DnsFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** C2, C6, C11: ClusterIP services answer A/AAAA with their ClusterIPs. */
class ClusterIpServiceTest {
    private final ClusterDns dns = dns();

    @Test
    void aClusterIpServiceAnswersItsIpv4ClusterIpWithTheConfiguredTtl() {
        var view = cluster().with(clusterIp("web").ips("10.96.0.5").port("http", 80));
        Message m = dns.answer(query("web.default.svc.cluster.local", Type.A), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(m)).containsExactly("web.default.svc.cluster.local. 30 A 10.96.0.5");
    }

    @Test
    void aDualStackServiceAnswersEachFamilyOnceEvenWithSeveralPorts() {
        var view = cluster().with(clusterIp("web").ips("10.96.0.5", "fd00::5").port("http", 80).port("https", 443));
        assertThat(rdata(dns.lookup("web.default.svc.cluster.local", Type.A, view))).containsExactly("10.96.0.5");
        assertThat(rdata(dns.lookup("web.default.svc.cluster.local", Type.AAAA, view))).containsExactly("fd00:0:0:0:0:0:0:5");
    }

    @Test
    void anAaaaQueryForAnIpv4OnlyServiceIsNodataWithTheSoa() {
        var view = cluster().with(clusterIp("web").ips("10.96.0.5").port("http", 80));
        Message m = dns.answer(query("web.default.svc.cluster.local", Type.AAAA), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(m)).isEmpty();
        assertThat(Answers.authority(m)).hasSize(1);
    }

    @Test
    void anIpv6OnlyServiceHasNoARecord() {
        var view = cluster().with(clusterIp("web").ips("fd00::5").port("http", 80));
        Message m = dns.answer(query("web.default.svc.cluster.local", Type.A), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(m)).isEmpty();
    }

    @Test
    void namesMatchCaseInsensitivelyAndTheAnswerEchoesTheQuestionsCase() {
        var view = cluster().with(clusterIp("web").ips("10.96.0.5").port("http", 80));
        Message m = dns.answer(query("WeB.DeFault.SVC.Cluster.Local", Type.A), view);
        assertThat(answer(m)).containsExactly("WeB.DeFault.SVC.Cluster.Local. 30 A 10.96.0.5");
    }

    @Test
    void answersForTheZoneAreAuthoritativeCopyRdAndOfferRecursion() {
        var view = cluster().with(clusterIp("web").ips("10.96.0.5").port("http", 80));
        Message q = query("web.default.svc.cluster.local", Type.A);
        Message m = dns.answer(q, view);
        assertThat(m.getHeader().getID()).isEqualTo(q.getHeader().getID());
        assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(m.getHeader().getFlag(Flags.RA)).isTrue();
        assertThat(m.getQuestion()).isEqualTo(q.getQuestion());
    }

    @Test
    void aQueryWithoutRdGetsAReplyWithoutRd() {
        var view = cluster().with(clusterIp("web").ips("10.96.0.5").port("http", 80));
        Message q = query("web.default.svc.cluster.local", Type.A);
        q.getHeader().unsetFlag(Flags.RD);
        assertThat(dns.answer(q, view).getHeader().getFlag(Flags.RD)).isFalse();
    }

    @Test
    void theTtlComesFromTheConstructor() {
        var view = cluster().with(clusterIp("web").ips("10.96.0.5").port("http", 80));
        var records = new ClusterDns("cluster.local", 5, "10.96.0.10").lookup("web.default.svc.cluster.local", Type.A, view);
        assertThat(records.get(0).getTTL()).isEqualTo(5);
    }

    @Test
    void aClusterIpServiceEndpointIsReachableByItsOwnName() {
        var view = cluster()
                .with(clusterIp("web").ips("10.96.0.5").port("http", 80))
                .with(slice("web").endpoints(ep("10.244.1.7"), ep("10.244.1.8").hostname("web-b")).port("http", 8080));
        assertThat(rdata(dns.lookup("10-244-1-7.web.default.svc.cluster.local", Type.A, view))).containsExactly("10.244.1.7");
        assertThat(rdata(dns.lookup("web-b.web.default.svc.cluster.local", Type.A, view))).containsExactly("10.244.1.8");
    }

    @Test
    void anUnknownEndpointNameOfAClusterIpServiceIsNxdomain() {
        var view = cluster()
                .with(clusterIp("web").ips("10.96.0.5").port("http", 80))
                .with(slice("web").endpoints(ep("10.244.1.7")).port("http", 8080));
        Message m = dns.answer(query("nope.web.default.svc.cluster.local", Type.A), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void servicesInOtherNamespacesResolveUnderTheirNamespace() {
        var view = cluster().in("shop").with(clusterIp("cart").ips("10.96.3.3").port("http", 80));
        assertThat(rdata(dns.lookup("cart.shop.svc.cluster.local", Type.A, view))).containsExactly("10.96.3.3");
        assertThat(dns.answer(query("cart.default.svc.cluster.local", Type.A), view).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aCustomClusterDomainIsTheZone() {
        var view = cluster().with(clusterIp("web").ips("10.96.0.5").port("http", 80));
        ClusterDns custom = new ClusterDns("corp.example", 30, "10.96.0.10");
        assertThat(rdata(custom.lookup("web.default.svc.corp.example", Type.A, view))).containsExactly("10.96.0.5");
        assertThat(custom.answer(query("web.default.svc.cluster.local", Type.A), view).getRcode()).isEqualTo(Rcode.REFUSED);
    }
}
