package io.kubepark.controllers.dns;

import static io.kubepark.controllers.dns.Answers.answer;
import static io.kubepark.controllers.dns.Answers.authority;
import static io.kubepark.controllers.dns.Answers.rdata;
import static io.kubepark.controllers.dns.DnsFixtures.cluster;
import static io.kubepark.controllers.dns.DnsFixtures.clusterIp;
import static io.kubepark.controllers.dns.DnsFixtures.dns;
import static io.kubepark.controllers.dns.DnsFixtures.ep;
import static io.kubepark.controllers.dns.DnsFixtures.headless;
import static io.kubepark.controllers.dns.DnsFixtures.query;
import static io.kubepark.controllers.dns.DnsFixtures.slice;
import static io.kubepark.controllers.dns.DnsFixtures.slice6;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** C7: PTR records in in-addr.arpa and ip6.arpa for ClusterIPs and ready endpoint addresses. */
class ReverseTest {
    private final ClusterDns dns = dns();

    private static final String V6_SVC =
            "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa";

    private final DnsFixtures.FakeView view = cluster()
            .with(clusterIp("web").ips("10.96.0.5", "fd00::5").port("http", 80))
            .with(headless("db").port("pg", 5432))
            .with(slice("db").port("pg", 5432).endpoints(ep("10.244.0.5").hostname("db-0"), ep("10.244.0.6"),
                    ep("10.244.0.7").notReady()))
            .in("other")
            .with(headless("db2").port("pg", 5432))
            .with(slice("db2").port("pg", 5432).endpoints(ep("10.244.0.6")))
            .with(slice6("db2").port("pg", 5432).endpoints(ep("fd00:10:244::9")));

    @Test
    void aClusterIpPointsToItsService() {
        Message m = dns.answer(query("5.0.96.10.in-addr.arpa", Type.PTR), view);
        assertThat(answer(m)).containsExactly("5.0.96.10.in-addr.arpa. 30 PTR web.default.svc.cluster.local.");
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    }

    @Test
    void anIpv6ClusterIpPointsToItsServiceThroughFullyExpandedNibbles() {
        assertThat(rdata(dns.lookup(V6_SVC, Type.PTR, view))).containsExactly("web.default.svc.cluster.local.");
    }

    @Test
    void aReadyEndpointAddressPointsToItsEndpointNameInEveryServiceThatListsIt() {
        assertThat(rdata(dns.lookup("5.0.244.10.in-addr.arpa", Type.PTR, view)))
                .containsExactly("db-0.db.default.svc.cluster.local.");
        assertThat(rdata(dns.lookup("6.0.244.10.in-addr.arpa", Type.PTR, view)))
                .containsExactly("10-244-0-6.db.default.svc.cluster.local.", "10-244-0-6.db2.other.svc.cluster.local.");
    }

    @Test
    void anIpv6EndpointPointsToItsDashedName() {
        String name = "9.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.4.4.2.0.0.1.0.0.0.0.d.f.ip6.arpa";
        assertThat(rdata(dns.lookup(name, Type.PTR, view))).containsExactly("fd00-10-244--9.db2.other.svc.cluster.local.");
    }

    @Test
    void anUnreadyEndpointAddressIsNxdomainWithTheReverseZonesSoa() {
        Message m = dns.answer(query("7.0.244.10.in-addr.arpa", Type.PTR), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(authority(m)).containsExactly(
                "in-addr.arpa. 30 SOA ns.dns.in-addr.arpa. hostmaster.in-addr.arpa. 1700000000 7200 1800 86400 30");
    }

    @Test
    void anUnknownAddressIsNxdomain() {
        assertThat(dns.answer(query("1.2.3.4.in-addr.arpa", Type.PTR), view).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void partialOrMalformedReverseNamesAreNxdomain() {
        assertThat(dns.answer(query("96.10.in-addr.arpa", Type.PTR), view).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(dns.answer(query("300.0.96.10.in-addr.arpa", Type.PTR), view).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(dns.answer(query("d.f.ip6.arpa", Type.PTR), view).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void anotherTypeOnAKnownAddressIsNodata() {
        Message m = dns.answer(query("5.0.96.10.in-addr.arpa", Type.A), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(m)).isEmpty();
        assertThat(authority(m)).hasSize(1);
    }

    @Test
    void reverseNamesMatchCaseInsensitively() {
        String upper = V6_SVC.toUpperCase();
        Message m = dns.answer(query(upper, Type.PTR), view);
        assertThat(answer(m)).containsExactly(upper + ". 30 PTR web.default.svc.cluster.local.");
    }

    @Test
    void aPtrQueryInsideTheClusterZoneFollowsTheForwardNamesExistence() {
        assertThat(dns.answer(query("web.default.svc.cluster.local", Type.PTR), view).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(dns.answer(query("nope.default.svc.cluster.local", Type.PTR), view).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }
}
