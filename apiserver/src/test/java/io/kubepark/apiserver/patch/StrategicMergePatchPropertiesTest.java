package io.kubepark.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated checks: the empty patch is the identity, and without merge-keyed lists SMP is RFC 7386. */
class StrategicMergePatchPropertiesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final PatchMeta META = PatchMeta.builtIn();

    // ------------------------------------------------------------------ properties

    @Property(tries = 300)
    void emptyPatchReturnsTheOriginal(@ForAll("documents") ObjectNode original) throws PatchException {
        ObjectNode before = original.deepCopy();

        ObjectNode untyped = StrategicMergePatch.apply(original, NODES.objectNode(), META, null);
        ObjectNode asPod = StrategicMergePatch.apply(original, NODES.objectNode(), META, "io.k8s.api.core.v1.Pod");

        assertThat(untyped).isEqualTo(original);
        assertThat(asPod).isEqualTo(original);
        assertThat(original).isEqualTo(before);
    }

    @Property(tries = 300)
    void emptyPatchReturnsAPodUnchanged(@ForAll("pods") ObjectNode pod) throws PatchException {
        ObjectNode result = StrategicMergePatch.apply(pod, NODES.objectNode(), META, "io.k8s.api.core.v1.Pod");

        assertThat(result).isEqualTo(pod);
    }

    @Property(tries = 500)
    void withoutMergeKeyedListsItIsJsonMergePatch(@ForAll("documents") ObjectNode original,
                                                  @ForAll("patches") ObjectNode patch) throws PatchException {
        ObjectNode originalBefore = original.deepCopy();
        ObjectNode patchBefore = patch.deepCopy();

        ObjectNode result = StrategicMergePatch.apply(original, patch, META, null);

        assertThat(result).isEqualTo(rfc7386(original, patch));
        assertThat(original).isEqualTo(originalBefore);
        assertThat(patch).isEqualTo(patchBefore);
    }

    @Property(tries = 300)
    void patchingAgainWithTheSamePatchChangesNothing(@ForAll("documents") ObjectNode original,
                                                     @ForAll("patches") ObjectNode patch) throws PatchException {
        ObjectNode once = StrategicMergePatch.apply(original, patch, META, null);
        ObjectNode twice = StrategicMergePatch.apply(once, patch, META, null);

        assertThat(twice).isEqualTo(once);
    }

    // ------------------------------------------------------------------ reference: RFC 7386 section 2

    static JsonNode rfc7386(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), rfc7386(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ generators

    private static final List<String> KEYS = List.of("a", "b", "c", "d", "e");

    @Provide
    Arbitrary<ObjectNode> documents() {
        return objects(3, false);
    }

    @Provide
    Arbitrary<ObjectNode> patches() {
        return objects(3, true);
    }

    /** Pods whose containers have distinct names and whose lists are already in a stable form. */
    @Provide
    Arbitrary<ObjectNode> pods() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
        Arbitrary<ObjectNode> env = Arbitraries.of("A", "B", "C").map(n -> {
            ObjectNode o = NODES.objectNode();
            o.put("name", n);
            o.put("value", n.toLowerCase());
            return o;
        });
        Arbitrary<ObjectNode> container = names.flatMap(name -> env.list().uniqueElements(o -> o.get("name").asText())
                .ofMaxSize(3).map(envs -> {
                    ObjectNode c = NODES.objectNode();
                    c.put("name", name);
                    c.put("image", name + ":1");
                    if (!envs.isEmpty()) {
                        c.set("env", NODES.arrayNode().addAll(envs));
                    }
                    return c;
                }));
        Arbitrary<List<ObjectNode>> containers = container.list().uniqueElements(c -> c.get("name").asText())
                .ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<String>> finalizers = Arbitraries.of("x/one", "x/two", "x/three").list().uniqueElements()
                .ofMaxSize(3);
        return net.jqwik.api.Combinators.combine(containers, finalizers, names).as((cs, fs, podName) -> {
            ObjectNode pod = NODES.objectNode();
            pod.put("apiVersion", "v1");
            pod.put("kind", "Pod");
            ObjectNode metadata = pod.putObject("metadata");
            metadata.put("name", podName);
            if (!fs.isEmpty()) {
                ArrayNode f = metadata.putArray("finalizers");
                fs.forEach(f::add);
            }
            pod.putObject("spec").set("containers", NODES.arrayNode().addAll(cs));
            return pod;
        });
    }

    private static Arbitrary<ObjectNode> objects(int depth, boolean withNulls) {
        Arbitrary<JsonNode> value = values(depth - 1, withNulls);
        return Arbitraries.maps(Arbitraries.of(KEYS), value).ofMaxSize(4).map(m -> {
            ObjectNode o = NODES.objectNode();
            m.forEach(o::set);
            return o;
        });
    }

    private static Arbitrary<JsonNode> values(int depth, boolean withNulls) {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMaxLength(4).map(NODES::textNode),
                Arbitraries.integers().between(-3, 3).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode));
        Arbitrary<JsonNode> withNull = withNulls
                ? Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, scalars), net.jqwik.api.Tuple.of(1, Arbitraries.just(NODES.nullNode())))
                : scalars;
        if (depth <= 0) {
            return withNull;
        }
        Arbitrary<JsonNode> nested = Arbitraries.lazy(() -> objects(depth, withNulls).map(o -> (JsonNode) o));
        Arbitrary<JsonNode> arrays = Arbitraries.lazy(() -> values(depth - 1, withNulls).list().ofMaxSize(3)
                .map(l -> (JsonNode) NODES.arrayNode().addAll(l)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, withNull),
                net.jqwik.api.Tuple.of(3, nested),
                net.jqwik.api.Tuple.of(2, arrays));
    }
}
