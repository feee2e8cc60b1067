package io.kubepark.controllers.dns;

import static io.kubepark.controllers.dns.Answers.answer;
import static io.kubepark.controllers.dns.Answers.authority;
import static io.kubepark.controllers.dns.DnsFixtures.cluster;
import static io.kubepark.controllers.dns.DnsFixtures.clusterIp;
import static io.kubepark.controllers.dns.DnsFixtures.dns;
import static io.kubepark.controllers.dns.DnsFixtures.query;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** C10, C11: which names are NXDOMAIN, which NODATA, and the SOA every negative answer carries. */
class NegativeAnswersTest {
    private final ClusterDns dns = dns();
    private final DnsFixtures.FakeView view = cluster().with(clusterIp("web").ips("10.96.0.5").port("http", 80));

    private int rcode(String name, int type) {
        return dns.answer(query(name, type), view).getRcode();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cluster.local", "svc.cluster.local", "pod.cluster.local", "default.svc.cluster.local",
        "default.pod.cluster.local"})
    void structuralNamesThatExistAreNodata(String name) {
        Message m = dns.answer(query(name, Type.A), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(m)).isEmpty();
        assertThat(authority(m)).hasSize(1);
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope.default.svc.cluster.local", "web.nope.svc.cluster.local", "nope.svc.cluster.local",
        "web.default.foo.cluster.local", "foo.cluster.local", "a.b._http._tcp.web.default.svc.cluster.local",
        "x.y.web.default.svc.cluster.local", "dns.cluster.local"})
    void namesThatDoNotExistAreNxdomain(String name) {
        Message m = dns.answer(query(name, Type.A), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answer(m)).isEmpty();
        assertThat(authority(m)).hasSize(1);
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    }

    @Test
    void theNegativeSoaCarriesTheSerialAndTheTtlAsMinimum() {
        Message m = dns.answer(query("nope.default.svc.cluster.local", Type.A), cluster().serial(1234));
        assertThat(authority(m)).containsExactly(
                "cluster.local. 30 SOA ns.dns.cluster.local. hostmaster.cluster.local. 1234 7200 1800 86400 30");
    }

    @Test
    void theSoaTtlIsCappedAtThreeHundredSeconds() {
        Message m = new ClusterDns("cluster.local", 3600, "10.96.0.10")
                .answer(query("nope.default.svc.cluster.local", Type.A), cluster().serial(7));
        assertThat(authority(m)).containsExactly(
                "cluster.local. 300 SOA ns.dns.cluster.local. hostmaster.cluster.local. 7 7200 1800 86400 3600");
    }

    @Test
    void otherTypesOnAnExistingServiceAreNodataAndOnAMissingOneNxdomain() {
        assertThat(rcode("web.default.svc.cluster.local", Type.MX)).isEqualTo(Rcode.NOERROR);
        assertThat(rcode("web.default.svc.cluster.local", Type.TXT)).isEqualTo(Rcode.NOERROR);
        assertThat(rcode("web.default.svc.cluster.local", Type.CNAME)).isEqualTo(Rcode.NOERROR);
        assertThat(rcode("web.default.svc.cluster.local", Type.ANY)).isEqualTo(Rcode.NOERROR);
        assertThat(rcode("nope.default.svc.cluster.local", Type.MX)).isEqualTo(Rcode.NXDOMAIN);
        assertThat(rcode("nope.default.svc.cluster.local", Type.TXT)).isEqualTo(Rcode.NXDOMAIN);
        assertThat(rcode("nope.default.svc.cluster.local", Type.SRV)).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aServiceWithoutPortsIsNxdomainAsInCoreDns() {
        var portless = cluster().with(clusterIp("bare").ips("10.96.0.7"));
        assertThat(dns.answer(query("bare.default.svc.cluster.local", Type.A), portless).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aNameInsideAServiceThatIsNotAnEndpointOrPortIsNxdomain() {
        assertThat(rcode("_http.web.default.svc.cluster.local", Type.A)).isEqualTo(Rcode.NXDOMAIN);
    }
}
