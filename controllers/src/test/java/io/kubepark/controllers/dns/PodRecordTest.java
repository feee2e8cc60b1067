package io.kubepark.controllers.dns;

import static io.kubepark.controllers.dns.Answers.answer;
import static io.kubepark.controllers.dns.Answers.rdata;
import static io.kubepark.controllers.dns.DnsFixtures.cluster;
import static io.kubepark.controllers.dns.DnsFixtures.dns;
import static io.kubepark.controllers.dns.DnsFixtures.query;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** C9 with {@code pods insecure}: the address is read from the name when the namespace exists. */
class PodRecordTest {
    private final ClusterDns dns = dns();

    @Test
    void aDashedIpv4UnderAnExistingNamespaceAnswersThatAddressUnchecked() {
        Message m = dns.answer(query("10-244-1-7.default.pod.cluster.local", Type.A), cluster());
        assertThat(answer(m)).containsExactly("10-244-1-7.default.pod.cluster.local. 30 A 10.244.1.7");
    }

    @Test
    void aDashedIpv6AnswersAaaa() {
        assertThat(rdata(dns.lookup("fd00--1.default.pod.cluster.local", Type.AAAA, cluster())))
                .containsExactly("fd00:0:0:0:0:0:0:1");
    }

    @Test
    void theOtherFamilyIsNodata() {
        Message m = dns.answer(query("10-244-1-7.default.pod.cluster.local", Type.AAAA), cluster());
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(m)).isEmpty();
    }

    @Test
    void aMissingNamespaceIsNxdomain() {
        assertThat(dns.answer(query("10-244-1-7.nope.pod.cluster.local", Type.A), cluster()).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aNameThatIsNoAddressIsNxdomain() {
        assertThat(dns.answer(query("web-0.default.pod.cluster.local", Type.A), cluster()).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
        assertThat(dns.answer(query("10-244-1-300.default.pod.cluster.local", Type.A), cluster()).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void labelsInFrontOfAPodNameAreNxdomain() {
        assertThat(dns.answer(query("x.10-244-1-7.default.pod.cluster.local", Type.A), cluster()).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }
}
