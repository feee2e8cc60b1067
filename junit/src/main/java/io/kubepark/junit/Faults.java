package io.kubepark.junit;

/**
 * Faults injected into a KubePark cluster, in one place. API errors reach clients over HTTP only; KubePark's own
 * controllers go on unharmed, as a real control plane's would. Everything is put back with {@link #clear()},
 * and after each test when isolation is {@link Isolation#NAMESPACE_PER_TEST}.
 */
public interface Faults {
    /**
     * Answers requests with this verb ({@code get}, {@code list}, {@code watch}, {@code create},
     * {@code update}, {@code patch}, {@code delete}, {@code deletecollection}, or {@code *}) on this resource
     * (plural name such as {@code pods}, {@code pods/status} for a subresource, or {@code *}) with an error
     * status: 409 Conflict, 429 TooManyRequests (with Retry-After), 500 InternalError, or another 4xx/5xx.
     * {@code times} requests are refused, then the rule is spent; 0 means until cleared.
     */
    void failRequests(String verb, String resource, int status, int times);

    /** The next watch of {@code resource} ends at once with a 410 Gone ERROR event, as after compaction. */
    void expireNextWatch(String resource);

    /** Ends every open watch of {@code resource} ({@code *} for all); clients reconnect as they would. */
    void dropWatches(String resource);

    /** The node's kubelet stops heartbeating: NotReady after the grace period, pods evicted 300 s later. */
    void stopNode(String node);

    /** The node's kubelet heartbeats again. */
    void restartNode(String node);

    /** Every claim of this storage class fails to provision with {@code message} until healed. */
    void failProvisioning(String storageClass, String message);

    void healProvisioning(String storageClass);

    /** Removes the API faults and brings every node's heartbeat back. */
    void clear();
}
