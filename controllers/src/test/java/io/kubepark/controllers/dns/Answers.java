package io.kubepark.controllers.dns;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Compact renderings of records so assertions read like zone files. */
final class Answers {
    private Answers() {}

    /** Each record's rdata, e.g. {@code 10.96.0.5} or {@code 0 50 80 web.default.svc.cluster.local.}. */
    static List<String> rdata(List<Record> records) {
        List<String> out = new ArrayList<>();
        for (Record r : records) {
            out.add(r.rdataToString());
        }
        return out;
    }

    /** Each record as {@code owner ttl type rdata}. */
    static List<String> lines(Message m, int section) {
        List<String> out = new ArrayList<>();
        for (Record r : m.getSection(section)) {
            if (r.getType() == org.xbill.DNS.Type.OPT) {
                continue;
            }
            out.add(r.getName() + " " + r.getTTL() + " " + org.xbill.DNS.Type.string(r.getType()) + " "
                    + r.rdataToString());
        }
        return out;
    }

    static List<String> answer(Message m) {
        return lines(m, Section.ANSWER);
    }

    static List<String> authority(Message m) {
        return lines(m, Section.AUTHORITY);
    }

    static List<String> additional(Message m) {
        return lines(m, Section.ADDITIONAL);
    }
}
