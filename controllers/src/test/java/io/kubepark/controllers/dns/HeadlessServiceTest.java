package io.kubepark.controllers.dns;

import static io.kubepark.controllers.dns.Answers.answer;
import static io.kubepark.controllers.dns.Answers.authority;
import static io.kubepark.controllers.dns.Answers.rdata;
import static io.kubepark.controllers.dns.DnsFixtures.cluster;
import static io.kubepark.controllers.dns.DnsFixtures.dns;
import static io.kubepark.controllers.dns.DnsFixtures.ep;
import static io.kubepark.controllers.dns.DnsFixtures.headless;
import static io.kubepark.controllers.dns.DnsFixtures.query;
import static io.kubepark.controllers.dns.DnsFixtures.slice;
import static io.kubepark.controllers.dns.DnsFixtures.slice6;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** C4, C5: headless services answer with their ready endpoints. */
class HeadlessServiceTest {
    private final ClusterDns dns = dns();

    @Test
    void aHeadlessServiceAnswersOneRecordPerReadyEndpointAcrossSlices() {
        var view = cluster()
                .with(headless("db").port("pg", 5432))
                .with(slice("db").port("pg", 5432).endpoints(ep("10.244.0.5"), ep("10.244.0.6").notReady()))
                .with(slice("db").port("pg", 5432).endpoints(ep("10.244.1.9")));
        assertThat(rdata(dns.lookup("db.default.svc.cluster.local", Type.A, view)))
                .containsExactly("10.244.0.5", "10.244.1.9");
    }

    @Test
    void anEndpointWithoutAReadyConditionCountsAsReady() {
        var view = cluster().with(headless("db").port("pg", 5432))
                .with(slice("db").port("pg", 5432).endpoints(ep("10.244.0.5").readyUnknown()));
        assertThat(rdata(dns.lookup("db.default.svc.cluster.local", Type.A, view))).containsExactly("10.244.0.5");
    }

    @Test
    void aHeadlessServiceWithNoReadyEndpointsIsNxdomainWithTheSoa() {
        var view = cluster().with(headless("db").port("pg", 5432))
                .with(slice("db").port("pg", 5432).endpoints(ep("10.244.0.5").notReady()));
        Message m = dns.answer(query("db.default.svc.cluster.local", Type.A), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answer(m)).isEmpty();
        assertThat(authority(m)).containsExactly(
                "cluster.local. 30 SOA ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30");
    }

    @Test
    void aHeadlessServiceWithoutSlicesIsNxdomain() {
        var view = cluster().with(headless("db").port("pg", 5432));
        assertThat(dns.answer(query("db.default.svc.cluster.local", Type.A), view).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void eachReadyEndpointHasANameFromItsHostnameElseItsDashedAddress() {
        var view = cluster().with(headless("db").port("pg", 5432))
                .with(slice("db").port("pg", 5432).endpoints(ep("10.244.0.5").hostname("db-0"), ep("10.244.0.6")));
        assertThat(rdata(dns.lookup("db-0.db.default.svc.cluster.local", Type.A, view))).containsExactly("10.244.0.5");
        assertThat(rdata(dns.lookup("10-244-0-6.db.default.svc.cluster.local", Type.A, view))).containsExactly("10.244.0.6");
    }

    @Test
    void anUnreadyEndpointsOwnNameIsNxdomain() {
        var view = cluster().with(headless("db").port("pg", 5432))
                .with(slice("db").port("pg", 5432).endpoints(ep("10.244.0.5"), ep("10.244.0.6").hostname("db-1").notReady()));
        assertThat(dns.answer(query("db-1.db.default.svc.cluster.local", Type.A), view).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void ipv6EndpointsAnswerAaaaAndTheirDashedNamesGetATrailingZero() {
        var view = cluster().with(headless("db").port("pg", 5432))
                .with(slice6("db").port("pg", 5432).endpoints(ep("fd00:10:244::"), ep("fd00::7")));
        assertThat(rdata(dns.lookup("db.default.svc.cluster.local", Type.AAAA, view))).hasSize(2);
        assertThat(rdata(dns.lookup("fd00-10-244--0.db.default.svc.cluster.local", Type.AAAA, view)))
                .containsExactly("fd00:10:244:0:0:0:0:0");
        assertThat(rdata(dns.lookup("fd00--7.db.default.svc.cluster.local", Type.AAAA, view)))
                .containsExactly("fd00:0:0:0:0:0:0:7");
    }

    @Test
    void anAQueryForAnIpv6OnlyHeadlessServiceIsNodata() {
        var view = cluster().with(headless("db").port("pg", 5432))
                .with(slice6("db").port("pg", 5432).endpoints(ep("fd00::7")));
        Message m = dns.answer(query("db.default.svc.cluster.local", Type.A), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(m)).isEmpty();
        assertThat(authority(m)).hasSize(1);
    }

    @Test
    void endpointNamesMatchCaseInsensitively() {
        var view = cluster().with(headless("db").port("pg", 5432))
                .with(slice("db").port("pg", 5432).endpoints(ep("10.244.0.5").hostname("db-0")));
        Message m = dns.answer(query("DB-0.Db.default.svc.cluster.local", Type.A), view);
        assertThat(answer(m)).containsExactly("DB-0.Db.default.svc.cluster.local. 30 A 10.244.0.5");
    }
}
