package io.kubepark.controllers.dns;

import static io.kubepark.controllers.dns.Answers.answer;
import static io.kubepark.controllers.dns.DnsFixtures.cluster;
import static io.kubepark.controllers.dns.DnsFixtures.clusterIp;
import static io.kubepark.controllers.dns.DnsFixtures.dns;
import static io.kubepark.controllers.dns.DnsFixtures.externalName;
import static io.kubepark.controllers.dns.DnsFixtures.query;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** C8: ExternalName services are CNAMEs, with nothing beneath them. */
class ExternalNameTest {
    private final ClusterDns dns = dns();
    private final DnsFixtures.FakeView view = cluster()
            .with(externalName("mail", "smtp.example.com"))
            .with(externalName("literal", "192.0.2.1"))
            .with(externalName("alias", "web.default.svc.cluster.local"))
            .with(clusterIp("web").ips("10.96.0.5").port("http", 80));

    @Test
    void anExternalNameServiceIsACnameToItsTarget() {
        Message m = dns.answer(query("mail.default.svc.cluster.local", Type.CNAME), view);
        assertThat(answer(m)).containsExactly("mail.default.svc.cluster.local. 30 CNAME smtp.example.com.");
    }

    @Test
    void anAddressQueryGetsTheCnameForTheClientToChaseOutsideTheCluster() {
        Message m = dns.answer(query("mail.default.svc.cluster.local", Type.A), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(m)).containsExactly("mail.default.svc.cluster.local. 30 CNAME smtp.example.com.");
    }

    @Test
    void aTargetInsideTheClusterIsFollowed() {
        assertThat(answer(dns.answer(query("alias.default.svc.cluster.local", Type.A), view))).containsExactly(
                "alias.default.svc.cluster.local. 30 CNAME web.default.svc.cluster.local.",
                "web.default.svc.cluster.local. 30 A 10.96.0.5");
    }

    @Test
    void anIpLiteralTargetGetsNoCnameAndIsNxdomain() {
        assertThat(dns.answer(query("literal.default.svc.cluster.local", Type.A), view).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(dns.answer(query("literal.default.svc.cluster.local", Type.CNAME), view).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void srvOnAnExternalNameIsNodata() {
        Message m = dns.answer(query("mail.default.svc.cluster.local", Type.SRV), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(m)).isEmpty();
    }

    @Test
    void anyLabelInFrontOfAnExternalNameIsNxdomain() {
        assertThat(dns.answer(query("x.mail.default.svc.cluster.local", Type.A), view).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(dns.answer(query("_smtp._tcp.mail.default.svc.cluster.local", Type.SRV), view).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aCnameQueryOnAClusterIpServiceIsNodata() {
        Message m = dns.answer(query("web.default.svc.cluster.local", Type.CNAME), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(m)).isEmpty();
    }
}
