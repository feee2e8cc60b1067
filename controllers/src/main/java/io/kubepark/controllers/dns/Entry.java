package io.kubepark.controllers.dns;

import org.xbill.DNS.Name;

/**
 * One backend fact behind a name, like CoreDNS's msg.Service: an address (or, for ExternalName, a target
 * host) reachable on {@code port} under the canonical name {@code key}. Port -1 marks endpoints without
 * declared ports; they give addresses but no SRV record.
 */
record Entry(String host, byte[] ip, int port, Name key) {
    boolean isCname() {
        return ip == null;
    }
}
