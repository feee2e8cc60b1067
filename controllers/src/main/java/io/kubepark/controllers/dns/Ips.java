package io.kubepark.controllers.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.Address;

/** IP literal parsing and formatting without name resolution (InetAddress.getByName could query DNS). */
final class Ips {
    private Ips() {}

    /** The 4 or 16 address bytes of an IP literal, or null when {@code text} is not one. */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        // Go's net.ParseIP rejects zone suffixes and leading-zero octets; so does KubePark.
        if (text.indexOf('%') >= 0) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            return Address.toByteArray(text, Address.IPv6);
        }
        for (String octet : text.split("\\.", -1)) {
            if (octet.length() > 1 && octet.charAt(0) == '0') {
                return null;
            }
        }
        return Address.toByteArray(text, Address.IPv4);
    }

    static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + bytes.length, e);
        }
    }

    /** The canonical text: dotted quad, or RFC 5952 (lowercase, longest zero run compressed). */
    static String format(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // RFC 5952: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** The canonical text of an IP literal, or null when it is not one. */
    static String canonical(String text) {
        byte[] b = parse(text);
        return b == null ? null : format(b);
    }
}
