package io.kubepark.conformance;

import static io.kubepark.conformance.Kubectl.ok;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** get pv,pvc,sc and describe pvc, with kubectl 1.31 and 1.33, on a claim provisioned for its first pod. */
class KubectlStorageTest extends ClusterScenarios {
    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33"})
    void storageTablesAndDescribeShowWhatHappened(String version) throws Exception {
        Kubectl k = Kubectl.of(version, cluster.kubeconfig());
        String ns = "storage-" + version.replace(".", "");
        ok(k.run("create", "namespace", ns));
        ok(k.runWithInput("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data, namespace: %s}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: user, namespace: %s}
                spec:
                  containers: [{name: app, image: busybox:1.36}]
                  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
                """.formatted(ns, ns), "apply", "-f", "-"));
        ok(k.run("wait", "--for=jsonpath={.status.phase}=Bound", "pvc/data", "-n", ns, "--timeout=30s"));
        ok(k.run("wait", "--for=condition=Ready", "pod/user", "-n", ns, "--timeout=30s"));
        String pvc = ok(k.run("get", "pvc", "-n", ns)).out();
        assertThat(pvc.lines().findFirst().orElseThrow()).matches("NAME\\s+STATUS\\s+VOLUME\\s+CAPACITY\\s+"
                + "ACCESS MODES\\s+STORAGECLASS\\s+VOLUMEATTRIBUTESCLASS\\s+AGE");
        assertThat(pvc).containsPattern("data\\s+Bound\\s+pvc-[0-9a-f-]+\\s+1Gi\\s+RWO\\s+standard\\s+<unset>\\s+\\d+s");
        String uid = ok(k.run("get", "pvc", "data", "-n", ns, "-o", "jsonpath={.metadata.uid}")).out();
        String pv = ok(k.run("get", "pv", "pvc-" + uid)).out();
        assertThat(pv.lines().findFirst().orElseThrow()).matches("NAME\\s+CAPACITY\\s+ACCESS MODES\\s+"
                + "RECLAIM POLICY\\s+STATUS\\s+CLAIM\\s+STORAGECLASS\\s+VOLUMEATTRIBUTESCLASS\\s+REASON\\s+AGE");
        assertThat(pv).containsPattern("pvc-" + uid + "\\s+1Gi\\s+RWO\\s+Delete\\s+Bound\\s+" + ns
                + "/data\\s+standard\\s+<unset>\\s+\\d+s");
        String sc = ok(k.run("get", "sc")).out();
        assertThat(sc).containsPattern("standard \\(default\\)\\s+kubepark.io/zonal-disk\\s+Delete\\s+"
                + "WaitForFirstConsumer\\s+true");
        String described = ok(k.run("describe", "pvc", "data", "-n", ns)).out();
        assertThat(described).contains("StorageClass:  standard").contains("Status:        Bound")
                .contains("Used By:       user").contains("WaitForFirstConsumer").contains("ProvisioningSucceeded");
    }
}
