package io.kubepark.junit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.junit.Fixtures;
import io.kubepark.junit.KubePark;
import io.kubepark.junit.KubeParkTest;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import javax.naming.directory.InitialDirContext;
import org.junit.jupiter.api.Test;

/**
 * Stable DNS names of StatefulSet pods through a headless Service, asked in process and over the wire with the
 * JDK's own DNS client. (docs/junit.md, "DNS")
 */
@KubeParkTest
class DnsExampleTest {
    @Test
    void eachPodHasAStableNameUnderItsHeadlessService(KubernetesClient client, KubePark park) throws Exception {
        client.services().resource(Fixtures.headless("web")).create();
        client.apps().statefulSets().resource(Fixtures.statefulSet("web", 2)).create();
        client.apps().statefulSets().withName("web").waitUntilCondition(s -> s.getStatus() != null
                && Integer.valueOf(2).equals(s.getStatus().getReadyReplicas()), 30, TimeUnit.SECONDS);
        String ip = client.pods().withName("web-1").get().getStatus().getPodIP();
        String name = "web-1.web." + park.namespace() + ".svc.cluster.local";

        park.awaitIdle();
        assertThat(park.resolve(name, "A")).containsExactly(ip);

        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, "dns://127.0.0.1:" + park.dnsPort());
        var answer = new InitialDirContext(env).getAttributes(name, new String[] {"A"}).get("A");
        assertThat(answer.get()).isEqualTo(ip);
        assertThat(park.resolve("_http._tcp.web." + park.namespace() + ".svc.cluster.local", "SRV"))
                .hasSize(2).allSatisfy(srv -> assertThat(srv).endsWith(".web." + park.namespace()
                        + ".svc.cluster.local."));
    }
}
