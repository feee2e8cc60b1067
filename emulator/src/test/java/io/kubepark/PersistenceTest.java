package io.kubepark;

import static io.kubepark.StatefulSetFixture.NS;
import static io.kubepark.StatefulSetFixture.ready;
import static io.kubepark.StatefulSetFixture.revisionOf;
import static io.kubepark.StatefulSetFixture.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.store.Query;
import io.kubepark.apiserver.store.WatchEvent;
import io.kubepark.apiserver.store.WatchSink;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --data-dir}: a cluster started on the folder of an earlier one has its objects with the same uids,
 * resourceVersions and creation times, and a damaged log either loses only the write that was never acknowledged
 * or refuses to start.
 */
class PersistenceTest {
    @TempDir
    Path dir;

    private static KubePark start(Path dataDir) {
        return KubePark.builder().virtualClock().nodes(1).dataDir(dataDir).start();
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withData(Map.of("k", value)).build();
    }

    @Test
    void restartKeepsObjectsWithTheirResourceVersionUidAndCreationTimestamp() {
        ConfigMap written;
        long revision;
        try (KubePark park = start(dir); KubernetesClient client = Clients.fabric8(park)) {
            client.resource(configMap("kept", "1")).create();
            written = client.configMaps().inNamespace("default").withName("kept")
                    .edit(c -> new ConfigMapBuilder(c).withData(Map.of("k", "2")).build());
            client.resource(configMap("gone", "1")).create();
            client.configMaps().inNamespace("default").withName("gone").delete();
            revision = park.api().store().revision();
        }
        try (KubePark park = start(dir); KubernetesClient client = Clients.fabric8(park)) {
            assertThat(park.api().store().revision()).isGreaterThanOrEqualTo(revision);
            ConfigMap read = client.configMaps().inNamespace("default").withName("kept").get();
            assertThat(read.getMetadata().getResourceVersion()).isEqualTo(written.getMetadata().getResourceVersion());
            assertThat(read.getMetadata().getUid()).isEqualTo(written.getMetadata().getUid());
            assertThat(read.getMetadata().getCreationTimestamp())
                    .isEqualTo(written.getMetadata().getCreationTimestamp());
            assertThat(read.getData()).containsEntry("k", "2");
            assertThat(client.configMaps().inNamespace("default").withName("gone").get()).isNull();
            assertThat(client.storage().v1().storageClasses().list().getItems()).hasSize(2);
            ConfigMap next = client.resource(configMap("next", "1")).create();
            assertThat(Long.parseLong(next.getMetadata().getResourceVersion())).isGreaterThan(revision);
        }
    }

    @Test
    void aWatchFromBeforeTheRestartIsGone() {
        try (KubePark park = start(dir); KubernetesClient client = Clients.fabric8(park)) {
            client.resource(configMap("a", "1")).create();
        }
        try (KubePark park = start(dir)) {
            var type = park.api().type("", "v1", "configmaps");
            WatchSink sink = new WatchSink() {
                @Override
                public boolean offer(WatchEvent event) {
                    return true;
                }

                @Override
                public void overflowed() {}
            };
            assertThatThrownBy(() -> park.api().store().watch(type, Query.all(), 1, false, sink))
                    .isInstanceOf(ApiException.class).hasMessageContaining("too old resource version");
        }
    }

    @Test
    void aStorageClassDeletedBeforeTheRestartStaysDeleted() {
        try (KubePark park = start(dir); KubernetesClient client = Clients.fabric8(park)) {
            client.storage().v1().storageClasses().withName("local").delete();
        }
        try (KubePark park = start(dir); KubernetesClient client = Clients.fabric8(park)) {
            assertThat(client.storage().v1().storageClasses().list().getItems())
                    .extracting(s -> s.getMetadata().getName()).containsExactly("standard");
            assertThat(client.namespaces().withName("kube-system").get()).isNotNull();
        }
    }

    @Test
    void aSecondClusterOnTheSameDataDirIsRefused() {
        try (KubePark park = start(dir)) {
            assertThatThrownBy(() -> start(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another KubePark");
        }
    }

    @Test
    void aTornLastRecordIsDroppedAndReported() throws IOException {
        Path crashed = dir.resolve("crashed");
        try (KubePark park = start(dir.resolve("live")); KubernetesClient client = Clients.fabric8(park)) {
            client.resource(configMap("acknowledged", "1")).create();
            copyWhileRunning(dir.resolve("live"), crashed);
        }
        Path wal = only(crashed, "wal-");
        try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
            long end = f.length();
            f.seek(end);
            f.writeInt(500); // a record of 500 bytes whose write stopped after 12
            f.writeInt(0x12345678);
            f.write(new byte[12]);
        }
        try (KubePark park = start(crashed); KubernetesClient client = Clients.fabric8(park)) {
            assertThat(park.recoveryReport()).anySatisfy(line -> assertThat(line)
                    .contains("discarded a torn record at the end of " + wal.getFileName()).contains("incomplete"));
            assertThat(client.configMaps().inNamespace("default").withName("acknowledged").get()).isNotNull();
        }
    }

    @Test
    void aCorruptRecordBeforeTheEndFailsTheStartNamingFileAndOffset() throws IOException {
        Path crashed = dir.resolve("crashed");
        try (KubePark park = start(dir.resolve("live")); KubernetesClient client = Clients.fabric8(park)) {
            client.resource(configMap("a", "1")).create();
            client.resource(configMap("b", "1")).create();
            copyWhileRunning(dir.resolve("live"), crashed);
        }
        Path wal = only(crashed, "wal-");
        try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
            f.seek(10); // inside the payload of the first record
            int b = f.read();
            f.seek(10);
            f.write(b ^ 0x20);
        }
        assertThatThrownBy(() -> start(crashed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(wal.toString()).hasMessageContaining("offset 0")
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void aCorruptSnapshotFailsTheStart() throws IOException {
        try (KubePark park = start(dir); KubernetesClient client = Clients.fabric8(park)) {
            client.resource(configMap("a", "1")).create();
        }
        Path snapshot = only(dir, "snapshot-");
        try (RandomAccessFile f = new RandomAccessFile(snapshot.toFile(), "rw")) {
            f.seek(f.length() - 3);
            f.write('#');
        }
        assertThatThrownBy(() -> start(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(snapshot.toString()).hasMessageContaining("offset");
    }

    @Test
    void snapshotsReplaceTheLogAndARestartReadsBoth() throws Exception {
        Path crashed = dir.resolve("crashed");
        Path live = dir.resolve("live");
        try (KubePark park = KubePark.builder().virtualClock().nodes(1).dataDir(live).snapshotEvery(10).start();
                KubernetesClient client = Clients.fabric8(park)) {
            for (int i = 0; i < 40; i++) {
                client.resource(configMap("cm-" + i, "v")).create();
            }
            org.awaitility.Awaitility.await().untilAsserted(() -> {
                assertThat(names(live, "wal-")).hasSizeLessThanOrEqualTo(2);
                assertThat(names(live, "snapshot-")).hasSize(1);
            });
            copyWhileRunning(live, crashed);
        }
        assertThat(names(live, "wal-")).isEmpty();
        assertThat(names(live, "snapshot-")).hasSize(1);
        try (KubePark park = start(crashed); KubernetesClient client = Clients.fabric8(park)) {
            assertThat(client.configMaps().inNamespace("default").list().getItems()).hasSize(40);
            assertThat(park.recoveryReport()).anySatisfy(l -> assertThat(l).startsWith("read snapshot-"));
        }
    }

    @Test
    void aStatefulSetRolloutInterruptedByARestartFinishes() {
        String first;
        try (KubePark park = KubePark.builder().virtualClock().dataDir(dir).start();
                KubernetesClient client = Clients.fabric8(park)) {
            StatefulSetFixture f = new StatefulSetFixture(park, client);
            f.create(set("ss", 3, false).editSpec().editTemplate().editMetadata()
                    .addToAnnotations("kubepark.io/stop-delay", "5s").endMetadata().endTemplate().endSpec());
            f.settle();
            first = f.get("ss").getStatus().getCurrentRevision();
            f.image("ss", "nginx:1.28");
            park.awaitIdle();
            assertThat(f.pod("ss-2").getMetadata().getDeletionTimestamp()).isNotNull();
        }
        try (KubePark park = KubePark.builder().virtualClock().dataDir(dir).start();
                KubernetesClient client = Clients.fabric8(park)) {
            StatefulSetFixture f = new StatefulSetFixture(park, client);
            // The fake kubelets keep their containers' state in memory: ss-2, stopping when the cluster stopped,
            // is killed at its grace deadline (30 s) rather than after its 5 s stop delay.
            f.settle(6, Duration.ofSeconds(10));
            StatefulSet ss = f.get("ss");
            assertThat(ss.getStatus().getUpdateRevision()).isNotEqualTo(first);
            assertThat(ss.getStatus().getCurrentRevision()).isEqualTo(ss.getStatus().getUpdateRevision());
            assertThat(f.pods("ss")).hasSize(3).allSatisfy(p -> {
                assertThat(ready(p)).isTrue();
                assertThat(f.imageOf(p)).isEqualTo("nginx:1.28");
                assertThat(revisionOf(p)).isEqualTo(ss.getStatus().getUpdateRevision());
            });
        }
    }

    /** What a crash leaves: the folder as it is while the cluster runs, without a final snapshot. */
    private static void copyWhileRunning(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : files.filter(p -> !p.getFileName().toString().endsWith(".lock")).toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    private static List<String> names(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    private static Path only(Path dir, String prefix) throws IOException {
        List<String> names = names(dir, prefix);
        assertThat(names).hasSize(1);
        return dir.resolve(names.get(0));
    }
}
