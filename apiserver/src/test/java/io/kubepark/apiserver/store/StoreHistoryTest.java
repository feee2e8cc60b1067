package io.kubepark.apiserver.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.apiserver.api.ApiException;
import io.kubepark.apiserver.registry.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The store's invariants under random writes: revisions strictly increase, a list at an old revision equals the
 * state recorded then, and a watch from that revision replays exactly the difference to the current state.
 */
class StoreHistoryTest {
    static final ResourceType CONFIGMAPS = new ResourceType("", "v1", "configmaps", "configmap", "ConfigMap", true,
            List.of("create", "delete", "get", "list", "patch", "update", "watch"), List.of("cm"), List.of(), List.of());

    /** One write: op 0 creates or updates, 1 deletes, 2 relabels; on one of a few names in two namespaces. */
    record Step(int op, String namespace, String name, String color) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of("a", "b"), Arbitraries.of("x", "y", "z", "w"), Arbitraries.of("red", "blue"))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    private static ObjectNode object(String ns, String name, String color, int n) {
        ObjectNode o = Json.object();
        o.put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", name).put("namespace", ns);
        meta.putObject("labels").put("color", color);
        o.putObject("data").put("n", Integer.toString(n));
        return o;
    }

    private static void apply(Store store, Step s, int n) {
        StoredObject current = store.get(CONFIGMAPS, s.namespace(), s.name());
        if (s.op() == 1) {
            if (current != null) {
                store.update(CONFIGMAPS, s.namespace(), s.name(), c -> Change.remove());
            }
        } else if (current == null) {
            store.create(CONFIGMAPS, s.namespace(), s.name(), object(s.namespace(), s.name(), s.color(), n));
        } else {
            store.update(CONFIGMAPS, s.namespace(), s.name(),
                    c -> Change.put(object(s.namespace(), s.name(), s.op() == 2 ? s.color() : c.labels().get("color"), n)));
        }
    }

    private static Map<String, Long> snapshot(List<StoredObject> items) {
        Map<String, Long> out = new TreeMap<>();
        items.forEach(o -> out.put(o.key(), o.resourceVersion()));
        return out;
    }

    @Property(tries = 200)
    void oldListsAndWatchReplaysAgreeWithWhatWasStored(@ForAll("steps") List<Step> steps,
            @ForAll("steps") List<Step> later) {
        Store store = new Store(1000);
        int n = 0;
        for (Step s : steps) {
            long before = store.revision();
            apply(store, s, n++);
            assertThat(store.revision()).isGreaterThanOrEqualTo(before);
        }
        long at = store.revision();
        Query query = new Query(null, Map.of("color", Set.of("red")), o -> "red".equals(o.labels().get("color")));
        Map<String, Long> then = snapshot(store.list(CONFIGMAPS, query, 0, null).items());
        List<WatchEvent> events = new ArrayList<>();
        Store.Watch watch = store.watch(CONFIGMAPS, query, at, false, new WatchSink() {
            @Override
            public boolean offer(WatchEvent event) {
                events.add(event);
                return true;
            }

            @Override
            public void overflowed() {
                throw new AssertionError("overflow");
            }
        });
        for (Step s : later) {
            apply(store, s, n++);
        }
        watch.close();
        assertThat(snapshot(store.list(CONFIGMAPS, query, 0, new Store.Continuation(at, "")).items()))
                .as("a list at the old revision").isEqualTo(then);
        Map<String, Long> replayed = new HashMap<>(then);
        long last = at;
        for (WatchEvent e : events) {
            assertThat(e.revision()).as("watch revisions increase").isGreaterThan(last);
            last = e.revision();
            if (e.type() == WatchEvent.Type.DELETED) {
                assertThat(replayed.remove(e.object().key())).as("deleted objects were there").isNotNull();
            } else if (e.type() == WatchEvent.Type.ADDED) {
                assertThat(replayed.put(e.object().key(), e.revision())).as("added objects were not there").isNull();
            } else {
                assertThat(replayed.put(e.object().key(), e.revision())).as("modified objects were there").isNotNull();
            }
        }
        assertThat(new TreeMap<>(replayed)).as("the replay ends at the current state")
                .isEqualTo(snapshot(store.list(CONFIGMAPS, query, 0, null).items()));
    }

    @Test
    void watchAndListBeforeTheHistoryAreExpired() {
        Store store = new Store(3);
        for (int i = 0; i < 10; i++) {
            store.create(CONFIGMAPS, "a", "cm" + i, object("a", "cm" + i, "red", i));
        }
        WatchSink sink = new WatchSink() {
            @Override
            public boolean offer(WatchEvent event) {
                return true;
            }

            @Override
            public void overflowed() {
            }
        };
        assertThatThrownBy(() -> store.watch(CONFIGMAPS, Query.all(), 2, false, sink))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(410));
        assertThatThrownBy(() -> store.list(CONFIGMAPS, Query.all(), 1, new Store.Continuation(2, "a/cm0")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(410));
        assertThat(store.list(CONFIGMAPS, Query.all(), 0, new Store.Continuation(7, "")).items()).hasSize(7);
    }

    @Test
    void aFullWatcherIsDroppedWithoutStallingCommits() {
        Store store = new Store(100);
        List<String> overflowed = new ArrayList<>();
        store.watch(CONFIGMAPS, Query.all(), -1, false, new WatchSink() {
            int taken;

            @Override
            public boolean offer(WatchEvent event) {
                return ++taken <= 2;
            }

            @Override
            public void overflowed() {
                overflowed.add("dropped");
            }
        });
        for (int i = 0; i < 5; i++) {
            store.create(CONFIGMAPS, "a", "cm" + i, object("a", "cm" + i, "red", i));
        }
        assertThat(overflowed).containsExactly("dropped");
        assertThat(store.count(CONFIGMAPS)).isEqualTo(5);
    }
}
