package io.kubepark.controllers.dns;

import static io.kubepark.controllers.dns.Answers.additional;
import static io.kubepark.controllers.dns.Answers.answer;
import static io.kubepark.controllers.dns.Answers.authority;
import static io.kubepark.controllers.dns.DnsFixtures.cluster;
import static io.kubepark.controllers.dns.DnsFixtures.clusterIp;
import static io.kubepark.controllers.dns.DnsFixtures.dns;
import static io.kubepark.controllers.dns.DnsFixtures.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** C1, C13 and the message-level rules: schema TXT, apex NS/SOA, refusals and malformed queries. */
class ZoneAndProtocolTest {
    private final ClusterDns dns = dns();
    private final DnsFixtures.FakeView view = cluster().with(clusterIp("web").ips("10.96.0.5").port("http", 80));

    @Test
    void theSchemaVersionIsATxtRecordWithItsOwnLongTtl() {
        Message m = dns.answer(query("dns-version.cluster.local", Type.TXT), view);
        assertThat(answer(m)).containsExactly("dns-version.cluster.local. 28800 TXT \"1.1.0\"");
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    }

    @Test
    void theSchemaNameIsNodataForOtherTypes() {
        Message m = dns.answer(query("dns-version.cluster.local", Type.A), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(m)).isEmpty();
    }

    @Test
    void theApexNsIsTheDnsServiceWithItsAddressAsGlue() {
        Message m = dns.answer(query("cluster.local", Type.NS), view);
        assertThat(answer(m)).containsExactly("cluster.local. 30 NS ns.dns.cluster.local.");
        assertThat(additional(m)).containsExactly("ns.dns.cluster.local. 30 A 10.96.0.10");
        assertThat(dns.lookup("ns.dns.cluster.local", Type.A, view).get(0).rdataToString()).isEqualTo("10.96.0.10");
    }

    @Test
    void theApexSoaIsAnsweredAndNsBelowTheApexIsNodata() {
        assertThat(answer(dns.answer(query("cluster.local", Type.SOA), view))).containsExactly(
                "cluster.local. 30 SOA ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30");
        Message ns = dns.answer(query("svc.cluster.local", Type.NS), view);
        assertThat(ns.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(ns)).isEmpty();
        assertThat(authority(ns)).hasSize(1);
    }

    @Test
    void zoneTransfersAreRefused() {
        assertThat(dns.answer(query("cluster.local", Type.AXFR), view).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(dns.answer(query("cluster.local", Type.IXFR), view).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void namesOutsideTheZonesAreRefusedWithoutAuthority() {
        Message m = dns.answer(query("example.com", Type.A), view);
        assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
        assertThat(dns.answer(query("local", Type.A), view).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void aQueryWithoutQuestionIsFormerr() {
        assertThat(dns.answer(new Message(), view).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void aQueryWithTwoQuestionsIsFormerr() {
        Message q = query("web.default.svc.cluster.local", Type.A);
        q.addRecord(Record.newRecord(Name.fromConstantString("cluster.local."), Type.NS, DClass.IN), Section.QUESTION);
        assertThat(dns.answer(q, view).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void askingForAnOptRecordIsFormerr() {
        assertThat(dns.answer(query("cluster.local", Type.OPT), view).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void otherOpcodesAreNotImplemented() {
        Message q = query("cluster.local", Type.SOA);
        q.getHeader().setOpcode(Opcode.UPDATE);
        assertThat(dns.answer(q, view).getRcode()).isEqualTo(Rcode.NOTIMP);
    }

    @Test
    void otherClassesAreRefused() {
        Message q = Message.newQuery(Record.newRecord(Name.fromConstantString("version.bind."), Type.TXT, DClass.CH));
        assertThat(dns.answer(q, view).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void anEdnsQueryGetsAnOptRecordBack() {
        Message q = query("web.default.svc.cluster.local", Type.A);
        q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        assertThat(dns.answer(q, view).getOPT()).isNotNull();
    }

    @Test
    void aFailingViewGivesServfailInsteadOfThrowing() {
        DnsView broken = cluster().failingServiceLookups(new IllegalStateException("cache not synced"));
        Message m = dns.answer(query("web.default.svc.cluster.local", Type.A), broken);
        assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(m.getQuestion()).isNotNull();
    }

    @Test
    void lookupOfANegativeNameIsEmpty() {
        List<Record> none = dns.lookup("nope.default.svc.cluster.local", Type.A, view);
        assertThat(none).isEmpty();
        assertThat(dns.lookup("example.com", Type.A, view)).isEmpty();
    }
}
