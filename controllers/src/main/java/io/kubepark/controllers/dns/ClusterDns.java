package io.kubepark.controllers.dns;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * KubePark's cluster DNS answering logic: the Kubernetes DNS specification (schema 1.1.0) as CoreDNS's
 * {@code kubernetes} plugin answers it with {@code pods insecure}, authoritative for the cluster zone and
 * for the {@code in-addr.arpa}/{@code ip6.arpa} reverse zones.
 *
 * <p>Pure: every answer is computed from the query and the {@link DnsView} passed in; no I/O, no clock.
 * The server around it owns sockets, truncation and upstream forwarding.
 */
public final class ClusterDns {
    static final String SCHEMA_VERSION = "1.1.0";
    static final long SCHEMA_TTL = 28800;
    private static final Name IN_ADDR_ARPA = Backend.name("in-addr.arpa");
    private static final Name IP6_ARPA = Backend.name("ip6.arpa");
    private static final int EDNS_PAYLOAD = 1232;

    private final String zone;
    private final Name zoneName;
    private final long ttl;
    private final byte[] dnsServiceIp;
    private final Name nsName;

    /**
     * @param clusterDomain the cluster zone, e.g. {@code cluster.local}
     * @param ttl the TTL of every record except the schema TXT (CoreDNS {@code ttl}, 0–3600; kubeadm uses 30)
     * @param dnsServiceIp the ClusterIP of the DNS Service, the address of {@code ns.dns.<zone>}
     */
    public ClusterDns(String clusterDomain, long ttl, String dnsServiceIp) {
        String z = clusterDomain.toLowerCase(Locale.ROOT);
        this.zone = z.endsWith(".") ? z.substring(0, z.length() - 1) : z;
        this.zoneName = Backend.name(zone);
        if (ttl < 0 || ttl > 3600) {
            throw new IllegalArgumentException("ttl must be within 0..3600: " + ttl);
        }
        this.ttl = ttl;
        this.dnsServiceIp = Ips.parse(dnsServiceIp);
        if (this.dnsServiceIp == null) {
            throw new IllegalArgumentException("not an IP address: " + dnsServiceIp);
        }
        this.nsName = Backend.name("ns.dns." + zone);
    }

    /**
     * The answer to one query message (any opcode/qtype), never null, never throwing: a missing or repeated
     * question or a meta qtype gets FORMERR, other opcodes NOTIMP, AXFR/IXFR and names outside the cluster
     * and reverse zones REFUSED, and an unexpected failure SERVFAIL.
     */
    public Message answer(Message query, DnsView view) {
        try {
            return answerOrFail(query, view);
        } catch (RuntimeException e) {
            return reply(query, Rcode.SERVFAIL);
        }
    }

    /**
     * The records for {@code name}/{@code type} as the answer section would hold them (an in-process lookup,
     * e.g. for tests): empty for NODATA, NXDOMAIN and refused names.
     */
    public List<Record> lookup(String name, int type, DnsView view) {
        Name qname;
        try {
            qname = Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            return List.of();
        }
        Message m = answer(Message.newQuery(Record.newRecord(qname, type, DClass.IN)), view);
        return m.getSection(Section.ANSWER);
    }

    private Message answerOrFail(Message query, DnsView view) {
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return reply(query, Rcode.NOTIMP);
        }
        List<Record> questions = query.getSection(Section.QUESTION);
        if (questions.size() != 1) {
            return reply(query, Rcode.FORMERR);
        }
        Record question = questions.get(0);
        int qtype = question.getType();
        // Pseudo-records that only travel in the additional section cannot be asked for.
        if (qtype == Type.OPT || qtype == Type.TSIG || qtype == Type.TKEY) {
            return reply(query, Rcode.FORMERR);
        }
        if (qtype == Type.AXFR || qtype == Type.IXFR
                || (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY)) {
            return reply(query, Rcode.REFUSED);
        }
        Name qname = question.getName();
        Name lower = qname.canonicalize();
        Result result;
        if (lower.subdomain(zoneName)) {
            result = new Zone(view, qname, labels(lower, zoneName)).answer(qtype);
        } else if (lower.subdomain(IN_ADDR_ARPA) || lower.subdomain(IP6_ARPA)) {
            result = reverse(view, qname, lower, qtype);
        } else {
            return reply(query, Rcode.REFUSED);
        }
        Message m = reply(query, result.rcode);
        m.getHeader().setFlag(Flags.AA);
        result.answer.forEach(r -> m.addRecord(r, Section.ANSWER));
        if (result.answer.isEmpty()) {
            m.addRecord(soa(result.soaZone, view), Section.AUTHORITY);
        }
        result.additional.forEach(r -> m.addRecord(r, Section.ADDITIONAL));
        return m;
    }

    /** A reply header: id, opcode, question, RD and CD echoed; QR and RA set. */
    private static Message reply(Message query, int rcode) {
        Header q = query.getHeader();
        Message m = new Message(q.getID());
        Header h = m.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(q.getOpcode());
        if (q.getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        if (q.getFlag(Flags.CD)) {
            h.setFlag(Flags.CD);
        }
        h.setFlag(Flags.RA);
        h.setRcode(rcode);
        if (rcode != Rcode.FORMERR && rcode != Rcode.NOTIMP) {
            for (Record question : query.getSection(Section.QUESTION)) {
                m.addRecord(question, Section.QUESTION);
            }
        }
        if (query.getOPT() != null) {
            m.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        return m;
    }

    /** The lowercase labels of {@code name} left of {@code origin}, rightmost first. */
    private static List<String> labels(Name name, Name origin) {
        List<String> out = new ArrayList<>();
        for (int i = name.labels() - origin.labels() - 1; i >= 0; i--) {
            out.add(name.getLabelString(i).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private SOARecord soa(Name soaZone, DnsView view) {
        String z = soaZone.toString(true);
        return new SOARecord(soaZone, DClass.IN, Math.min(ttl, 300), Backend.name("ns.dns." + z),
                // The SOA serial is 32 bits; unix seconds fit until 2106, and wrap like CoreDNS's uint32 after.
                Backend.name("hostmaster." + z), view.serial() & 0xFFFFFFFFL, 7200, 1800, 86400, ttl);
    }

    /** An answer before framing: negative answers carry the SOA of {@code soaZone} in authority. */
    static final class Result {
        final int rcode;
        final List<Record> answer;
        final List<Record> additional;
        final Name soaZone;

        Result(int rcode, List<Record> answer, List<Record> additional, Name soaZone) {
            this.rcode = rcode;
            this.answer = answer;
            this.additional = additional;
            this.soaZone = soaZone;
        }
    }

    /** One question about a name in the cluster zone. */
    private final class Zone {
        private final DnsView view;
        private final Name qname;
        private final List<String> labels;
        private final Backend backend;

        Zone(DnsView view, Name qname, List<String> labels) {
            this.view = view;
            this.qname = qname;
            this.labels = labels;
            this.backend = new Backend(zone, view);
        }

        Result answer(int qtype) {
            if (qtype == Type.A || qtype == Type.AAAA) {
                return addresses(qtype);
            }
            if (qtype == Type.SRV) {
                return srv();
            }
            if (qtype == Type.TXT && isSchemaName()) {
                return positive(List.of(new TXTRecord(qname, DClass.IN, SCHEMA_TTL, SCHEMA_VERSION)), List.of());
            }
            if (qtype == Type.CNAME) {
                List<Entry> entries = backend.records(labels);
                if (entries == null) {
                    return negative(Rcode.NXDOMAIN);
                }
                List<Record> out = new ArrayList<>();
                for (Entry e : entries) {
                    if (e.isCname()) {
                        out.add(cname(e));
                    }
                }
                return positive(out, List.of());
            }
            if (qtype == Type.NS && labels.isEmpty()) {
                return positive(List.of(new NSRecord(qname, DClass.IN, ttl, nsName)), List.of(nsAddress()));
            }
            if (qtype == Type.SOA && labels.isEmpty()) {
                return positive(List.of(soa(zoneName, view)), List.of());
            }
            // Every other type: NODATA where the name exists for some type, else NXDOMAIN (C1, C10).
            return negative(exists() ? Rcode.NOERROR : Rcode.NXDOMAIN);
        }

        private boolean isSchemaName() {
            return labels.size() == 1 && labels.get(0).equals("dns-version");
        }

        private boolean isNsName() {
            return labels.size() == 2 && labels.get(0).equals("dns") && labels.get(1).equals("ns");
        }

        private boolean exists() {
            return isSchemaName() || isNsName() || backend.records(labels) != null;
        }

        private Result addresses(int qtype) {
            int family = qtype == Type.A ? 4 : 16;
            if (isNsName()) {
                List<Record> out = dnsServiceIp.length == family ? List.of(nsAddress()) : List.of();
                return positive(out, List.of());
            }
            List<Entry> entries = backend.records(labels);
            if (entries == null) {
                return negative(exists() ? Rcode.NOERROR : Rcode.NXDOMAIN);
            }
            List<Record> out = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Entry e : entries) {
                if (e.isCname()) {
                    out.add(cname(e));
                    out.addAll(chase(Backend.name(e.host()), qtype, 1));
                } else if (e.ip().length == family && seen.add(Ips.format(e.ip()))) {
                    out.add(address(qname, e.ip()));
                }
            }
            return positive(out, List.of());
        }

        /**
         * Follows an ExternalName target that lies inside the cluster zone (CoreDNS resolves those itself);
         * targets outside are left to the client's resolver, which is where CoreDNS would ask upstream.
         */
        private List<Record> chase(Name target, int qtype, int depth) {
            Name lower = target.canonicalize();
            if (depth > 7 || !lower.subdomain(zoneName)) {
                return List.of();
            }
            List<Entry> entries = backend.records(labels(lower, zoneName));
            List<Record> out = new ArrayList<>();
            if (entries == null) {
                return out;
            }
            int family = qtype == Type.A ? 4 : 16;
            for (Entry e : entries) {
                if (e.isCname()) {
                    out.add(new CNAMERecord(target, DClass.IN, ttl, Backend.name(e.host())));
                    out.addAll(chase(Backend.name(e.host()), qtype, depth + 1));
                } else if (e.ip().length == family) {
                    Record r = address(target, e.ip());
                    if (!out.contains(r)) {
                        out.add(r);
                    }
                }
            }
            return out;
        }

        private Result srv() {
            List<Entry> entries = backend.records(labels);
            if (entries == null) {
                return negative(Rcode.NXDOMAIN);
            }
            // CoreDNS has no SRV for ExternalName services: they exist, so NODATA.
            List<Entry> internal = new ArrayList<>();
            for (Entry e : entries) {
                if (!e.isCname()) {
                    internal.add(e);
                }
            }
            // All records share priority 0; CoreDNS divides 100 among every backend entry, duplicates and
            // port-less ones included, before removing duplicates.
            int weight = internal.isEmpty() ? 0 : Math.max(1, 100 / internal.size());
            List<Record> answer = new ArrayList<>();
            List<Record> extra = new ArrayList<>();
            for (Entry e : internal) {
                if (e.port() < 0) {
                    continue;
                }
                Record srv = new SRVRecord(qname, DClass.IN, ttl, 0, weight, e.port(), e.key());
                if (!answer.contains(srv)) {
                    answer.add(srv);
                }
                Record glue = address(e.key(), e.ip());
                if (!extra.contains(glue)) {
                    extra.add(glue);
                }
            }
            return positive(answer, extra);
        }

        private Record cname(Entry e) {
            return new CNAMERecord(qname, DClass.IN, ttl, Backend.name(e.host()));
        }

        private Record nsAddress() {
            return address(nsName, dnsServiceIp);
        }

        private Result positive(List<Record> answer, List<Record> additional) {
            return new Result(Rcode.NOERROR, answer, additional, zoneName);
        }

        private Result negative(int rcode) {
            return new Result(rcode, List.of(), List.of(), zoneName);
        }
    }

    private Record address(Name owner, byte[] ip) {
        return ip.length == 4
                ? new ARecord(owner, DClass.IN, ttl, Ips.address(ip))
                : new AAAARecord(owner, DClass.IN, ttl, Ips.address(ip));
    }

    // ---- reverse zones ----

    private Result reverse(DnsView view, Name qname, Name lower, int qtype) {
        Name rzone = lower.subdomain(IN_ADDR_ARPA) ? IN_ADDR_ARPA : IP6_ARPA;
        List<String> labels = labels(lower, rzone);
        if (labels.isEmpty()) {
            if (qtype == Type.SOA) {
                return new Result(Rcode.NOERROR, List.of(soa(rzone, view)), List.of(), rzone);
            }
            return new Result(Rcode.NOERROR, List.of(), List.of(), rzone);
        }
        byte[] ip = rzone == IN_ADDR_ARPA ? ipv4(labels) : ipv6(labels);
        List<Name> targets = ip == null ? List.of() : ptrTargets(view, ip);
        if (targets.isEmpty()) {
            return new Result(Rcode.NXDOMAIN, List.of(), List.of(), rzone);
        }
        List<Record> answer = new ArrayList<>();
        if (qtype == Type.PTR) {
            for (Name t : targets) {
                answer.add(new PTRRecord(qname, DClass.IN, ttl, t));
            }
        }
        return new Result(Rcode.NOERROR, answer, List.of(), rzone);
    }

    /** A ClusterIP names its (first) Service; otherwise every ready endpoint with that address names itself. */
    private List<Name> ptrTargets(DnsView view, byte[] ip) {
        String text = Ips.format(ip);
        for (JsonNode svc : view.servicesWithClusterIp(text)) {
            for (String clusterIp : Backend.clusterIps(svc.path("spec"))) {
                if (Backend.sameAddress(Ips.parse(clusterIp), ip)) {
                    return List.of(Backend.name(svc.path("metadata").path("name").asText() + "."
                            + svc.path("metadata").path("namespace").asText() + ".svc." + zone));
                }
            }
        }
        Set<Name> out = new LinkedHashSet<>();
        for (JsonNode slice : view.slicesWithAddress(text)) {
            String service = slice.path("metadata").path("labels").path("kubernetes.io/service-name").asText("");
            if (service.isEmpty()) {
                continue;
            }
            for (Backend.ReadyAddress a : Backend.readyAddresses(slice)) {
                if (Backend.sameAddress(a.bytes(), ip)) {
                    out.add(Backend.name(a.hostname() + "." + service + "."
                            + slice.path("metadata").path("namespace").asText() + ".svc." + zone));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** {@code d.c.b.a} (labels rightmost first: a, b, c, d) to the address, or null unless exactly 4 octets. */
    private static byte[] ipv4(List<String> labels) {
        if (labels.size() != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String s = labels.get(i);
            if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)
                    || (s.length() > 1 && s.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(s);
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    /** 32 reversed nibbles (labels rightmost first: most significant first) to the address, or null. */
    private static byte[] ipv6(List<String> labels) {
        if (labels.size() != 32) {
            return null;
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 32; i++) {
            String s = labels.get(i);
            int v = s.length() == 1 ? Character.digit(s.charAt(0), 16) : -1;
            if (v < 0) {
                return null;
            }
            b[i / 2] |= (byte) (i % 2 == 0 ? v << 4 : v);
        }
        return b;
    }
}
