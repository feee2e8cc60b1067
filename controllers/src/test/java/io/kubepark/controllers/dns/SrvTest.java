package io.kubepark.controllers.dns;

import static io.kubepark.controllers.dns.Answers.additional;
import static io.kubepark.controllers.dns.Answers.answer;
import static io.kubepark.controllers.dns.Answers.rdata;
import static io.kubepark.controllers.dns.DnsFixtures.cluster;
import static io.kubepark.controllers.dns.DnsFixtures.clusterIp;
import static io.kubepark.controllers.dns.DnsFixtures.dns;
import static io.kubepark.controllers.dns.DnsFixtures.ep;
import static io.kubepark.controllers.dns.DnsFixtures.headless;
import static io.kubepark.controllers.dns.DnsFixtures.query;
import static io.kubepark.controllers.dns.DnsFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** C3 and the SRV half of C4: named ports, the bare-name extension, weights and glue. */
class SrvTest {
    private final ClusterDns dns = dns();

    private final DnsFixtures.FakeView web = cluster()
            .with(clusterIp("web").ips("10.96.0.5").port("http", 80).port("dns", 53, "UDP").port(null, 9000));

    @Test
    void aNamedPortGivesOneSrvToTheServiceNameWithItsAddressAsGlue() {
        Message m = dns.answer(query("_http._tcp.web.default.svc.cluster.local", Type.SRV), web);
        assertThat(answer(m)).containsExactly("_http._tcp.web.default.svc.cluster.local. 30 SRV 0 100 80 web.default.svc.cluster.local.");
        assertThat(additional(m)).containsExactly("web.default.svc.cluster.local. 30 A 10.96.0.5");
    }

    @Test
    void theProtocolLabelMatchesCaseInsensitively() {
        assertThat(rdata(dns.lookup("_dns._UDP.web.default.svc.cluster.local", Type.SRV, web)))
                .containsExactly("0 100 53 web.default.svc.cluster.local.");
    }

    @Test
    void aPortUnderTheWrongProtocolIsNxdomain() {
        Message m = dns.answer(query("_http._udp.web.default.svc.cluster.local", Type.SRV), web);
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(Answers.authority(m)).hasSize(1);
    }

    @Test
    void anUnknownPortNameIsNxdomain() {
        assertThat(dns.answer(query("_grpc._tcp.web.default.svc.cluster.local", Type.SRV), web).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void theBareServiceNameListsEveryPortIncludingUnnamedOnesWithWeightsSharingOneHundred() {
        Message m = dns.answer(query("web.default.svc.cluster.local", Type.SRV), web);
        assertThat(rdata(m.getSection(org.xbill.DNS.Section.ANSWER))).containsExactly(
                "0 33 80 web.default.svc.cluster.local.",
                "0 33 53 web.default.svc.cluster.local.",
                "0 33 9000 web.default.svc.cluster.local.");
        assertThat(additional(m)).containsExactly("web.default.svc.cluster.local. 30 A 10.96.0.5");
    }

    @Test
    void theWeightIsAtLeastOneWhenOverAHundredRecordsShareThePriority() {
        var many = clusterIp("big").ips("10.96.0.9");
        for (int p = 1; p <= 150; p++) {
            many.port("p" + p, p);
        }
        var records = dns.lookup("big.default.svc.cluster.local", Type.SRV, cluster().with(many));
        assertThat(records).hasSize(150);
        assertThat(rdata(records).get(0)).startsWith("0 1 1 ");
    }

    @Test
    void headlessSrvIsEveryReadyEndpointTimesEveryMatchingPortTargetingEndpointNames() {
        var view = cluster()
                .with(headless("db").port("pg", 5432))
                .with(slice("db").port("pg", 5432).port("metrics", 9187)
                        .endpoints(ep("10.244.0.5").hostname("db-0"), ep("10.244.0.6"), ep("10.244.0.7").notReady()));
        Message named = dns.answer(query("_pg._tcp.db.default.svc.cluster.local", Type.SRV), view);
        assertThat(rdata(named.getSection(org.xbill.DNS.Section.ANSWER))).containsExactly(
                "0 50 5432 db-0.db.default.svc.cluster.local.",
                "0 50 5432 10-244-0-6.db.default.svc.cluster.local.");
        assertThat(additional(named)).containsExactly(
                "db-0.db.default.svc.cluster.local. 30 A 10.244.0.5",
                "10-244-0-6.db.default.svc.cluster.local. 30 A 10.244.0.6");

        Message all = dns.answer(query("db.default.svc.cluster.local", Type.SRV), view);
        assertThat(rdata(all.getSection(org.xbill.DNS.Section.ANSWER))).containsExactly(
                "0 25 5432 db-0.db.default.svc.cluster.local.",
                "0 25 9187 db-0.db.default.svc.cluster.local.",
                "0 25 5432 10-244-0-6.db.default.svc.cluster.local.",
                "0 25 9187 10-244-0-6.db.default.svc.cluster.local.");
        assertThat(additional(all)).hasSize(2);
    }

    @Test
    void anEndpointNameAnswersSrvForItsOwnPorts() {
        var view = cluster()
                .with(headless("db").port("pg", 5432))
                .with(slice("db").port("pg", 5432).endpoints(ep("10.244.0.5").hostname("db-0"), ep("10.244.0.6")));
        assertThat(rdata(dns.lookup("db-0.db.default.svc.cluster.local", Type.SRV, view)))
                .containsExactly("0 100 5432 db-0.db.default.svc.cluster.local.");
    }

    @Test
    void headlessEndpointsWithoutPortsResolveButHaveNoSrv() {
        var view = cluster().with(headless("raw")).with(slice("raw").endpoints(ep("10.244.0.5")));
        assertThat(rdata(dns.lookup("raw.default.svc.cluster.local", Type.A, view))).containsExactly("10.244.0.5");
        Message m = dns.answer(query("raw.default.svc.cluster.local", Type.SRV), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(m)).isEmpty();
    }

    @Test
    void aDualStackServiceGivesAAndAaaaGlueForItsTarget() {
        var view = cluster().with(clusterIp("web").ips("10.96.0.5", "fd00::5").port("http", 80));
        Message m = dns.answer(query("_http._tcp.web.default.svc.cluster.local", Type.SRV), view);
        // CoreDNS shares the weight among the per-address backend entries before deduplicating.
        assertThat(rdata(m.getSection(org.xbill.DNS.Section.ANSWER))).containsExactly("0 50 80 web.default.svc.cluster.local.");
        assertThat(additional(m)).containsExactly(
                "web.default.svc.cluster.local. 30 A 10.96.0.5",
                "web.default.svc.cluster.local. 30 AAAA fd00:0:0:0:0:0:0:5");
    }
}
