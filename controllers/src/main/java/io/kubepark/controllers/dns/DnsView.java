package io.kubepark.controllers.dns;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the cluster DNS answers from: Services, EndpointSlices and Namespaces as Jackson trees holding their
 * exact JSON, plus pods for {@code pods verified} (unused: KubePark runs {@code pods insecure}).
 *
 * <p>Implementations are read-only snapshots or live caches; {@link ClusterDns} never writes through them.
 */
public interface DnsView {
    /** The Service {@code namespace/name}, or null. */
    JsonNode service(String namespace, String name);

    /** EndpointSlices labelled {@code kubernetes.io/service-name=<service>} in {@code namespace}. */
    List<JsonNode> slicesOf(String namespace, String service);

    /** Whether the Namespace {@code name} exists. */
    boolean namespaceExists(String name);

    /** Services whose {@code spec.clusterIPs} hold {@code ip} (for PTR of ClusterIPs). */
    List<JsonNode> servicesWithClusterIp(String ip);

    /** EndpointSlices with an endpoint address {@code ip} (for PTR of endpoint IPs). */
    List<JsonNode> slicesWithAddress(String ip);

    /** The SOA serial: the unix time of the last change. */
    long serial();
}
