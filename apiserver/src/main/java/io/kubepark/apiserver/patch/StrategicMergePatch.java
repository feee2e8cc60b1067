package io.kubepark.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.patch.PatchException.Kind;
import io.kubepark.apiserver.patch.PatchMeta.Definition;
import io.kubepark.apiserver.patch.PatchMeta.Field;
import io.kubepark.apiserver.patch.PatchMeta.Shape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}), following the
 * server side of k8s.io/apimachinery/pkg/util/strategicpatch ({@code StrategicMergeMapPatch}: parallel
 * lists are merged, unmatched nulls are ignored).
 *
 * <p>Behaviour in short:
 * <ul>
 *   <li>maps merge recursively, {@code null} removes a key;</li>
 *   <li>lists whose field has patch strategy {@code merge} merge: lists of maps by the patch merge
 *       key, lists of scalars as sets; other lists are replaced;</li>
 *   <li>fields with strategy {@code replace} are replaced whole;</li>
 *   <li>directives: {@code $patch} ({@code replace}/{@code delete} on maps and list elements),
 *       {@code $retainKeys}, {@code $deleteFromPrimitiveList/<field>},
 *       {@code $setElementOrder/<field>};</li>
 *   <li>fields and kinds unknown to the metadata (custom resources, unknown fields) behave like JSON
 *       merge patch (RFC 7386): maps merge, lists are replaced. {@code metadata} is always
 *       ObjectMeta.</li>
 * </ul>
 *
 * <p>Differences from Go, all chosen so stored objects stay clean JSON: a value that has no
 * counterpart in the original (new key, type change, {@code $patch: replace}, new list element) is
 * applied to an empty value instead of being copied verbatim, which drops nulls and resolves map
 * directives inside it (Go copies it, and the typed decoding of kube-apiserver then drops or zeroes
 * those parts); when a patch holds both a list and its {@code $deleteFromPrimitiveList}, the list
 * is merged before the deletions (Go iterates a map, so the order there is random).
 */
public final class StrategicMergePatch {

    static final String DIRECTIVE = "$patch";
    static final String DELETE = "delete";
    static final String REPLACE = "replace";
    static final String MERGE = "merge";
    static final String RETAIN_KEYS_STRATEGY = "retainKeys";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String SET_ELEMENT_ORDER = "$setElementOrder";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PatchMeta meta;

    private StrategicMergePatch(PatchMeta meta) {
        this.meta = meta;
    }

    /**
     * Applies {@code patch} to {@code original}; neither argument is modified.
     *
     * @param original   the current object (may be null: treated as {@code {}})
     * @param patch      the strategic merge patch; must be a JSON object
     * @param meta       patch metadata, usually {@link PatchMeta#builtIn()}
     * @param definition the OpenAPI definition of the object (see {@link PatchMeta#definitionFor}),
     *                   or null/unknown for kinds without metadata
     * @return the patched object
     * @throws PatchException on a malformed patch or a misused directive
     */
    public static ObjectNode apply(ObjectNode original, JsonNode patch, PatchMeta meta, String definition)
            throws PatchException {
        Objects.requireNonNull(meta, "meta");
        if (patch == null || !patch.isObject()) {
            String what = patch == null || patch.isNull() ? "null" : goJsonKind(patch);
            throw new PatchException(Kind.BAD_REQUEST,
                    "json: cannot unmarshal " + what + " into Go value of type map[string]interface {}");
        }
        StrategicMergePatch smp = new StrategicMergePatch(meta);
        ObjectNode orig = original == null ? NODES.objectNode() : original.deepCopy();
        ObjectNode p = ((ObjectNode) patch).deepCopy();
        Ctx root = definition != null && meta.definition(definition).map(Definition::isStruct).orElse(false)
                ? Ctx.struct(definition) : Ctx.ROOT_UNKNOWN;
        return smp.mergeMap(orig, p, root);
    }

    // ---------------------------------------------------------------------------------------------
    // Schema context

    /** What is known about the object whose keys are being merged. */
    private record Ctx(String definition, Shape mapValue, boolean root) {
        static final Ctx UNKNOWN = new Ctx(null, null, false);
        static final Ctx ROOT_UNKNOWN = new Ctx(null, null, true);

        static Ctx struct(String definition) {
            return new Ctx(definition, null, false);
        }

        static Ctx mapOf(Shape value) {
            return new Ctx(null, value, false);
        }
    }

    private Field fieldOf(Ctx ctx, String key) {
        if (ctx.definition() != null) {
            return meta.field(ctx.definition(), key).orElseGet(() -> Field.untyped(key, Shape.UNKNOWN));
        }
        if (ctx.mapValue() != null) {
            return Field.untyped(key, ctx.mapValue());
        }
        if (ctx.root() && "metadata".equals(key)) {
            return Field.untyped(key, Shape.ref(PatchMeta.OBJECT_META));
        }
        return Field.untyped(key, Shape.UNKNOWN);
    }

    private Ctx ctxOf(Shape shape) {
        if (shape == null) {
            return Ctx.UNKNOWN;
        }
        switch (shape.kind()) {
            case REF: {
                boolean struct = meta.definition(shape.ref()).map(Definition::isStruct).orElse(false);
                return struct ? Ctx.struct(shape.ref()) : Ctx.UNKNOWN;
            }
            case MAP:
                return Ctx.mapOf(shape.element());
            default:
                return Ctx.UNKNOWN;
        }
    }

    private static Shape elementOf(Field field) {
        return field.shape().kind() == PatchMeta.ShapeKind.ARRAY ? field.shape().element() : Shape.UNKNOWN;
    }

    /** Splits the patch strategies into (retainKeys, other strategy) like extractRetainKeysPatchStrategy. */
    private static String mainStrategy(List<String> strategies) throws PatchException {
        switch (strategies.size()) {
            case 0:
                return "";
            case 1:
                return RETAIN_KEYS_STRATEGY.equals(strategies.get(0)) ? "" : strategies.get(0);
            case 2:
                if (RETAIN_KEYS_STRATEGY.equals(strategies.get(0))) {
                    return strategies.get(1);
                }
                if (RETAIN_KEYS_STRATEGY.equals(strategies.get(1))) {
                    return strategies.get(0);
                }
                // fall through
            default:
                throw new PatchException(Kind.INTERNAL, "unexpected patch strategy: " + goList(strategies));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Maps

    private ObjectNode mergeMap(ObjectNode original, ObjectNode patch, Ctx ctx) throws PatchException {
        if (patch.has(DIRECTIVE)) {
            JsonNode directive = patch.get(DIRECTIVE);
            if (isText(directive, REPLACE)) {
                patch.remove(DIRECTIVE);
                return mergeMap(NODES.objectNode(), patch, ctx);
            }
            if (isText(directive, DELETE)) {
                return NODES.objectNode();
            }
            throw badPatchType(directive, patch);
        }
        if (original == null) {
            original = NODES.objectNode();
        }
        applyRetainKeysDirective(original, patch);
        mergePatchIntoOriginal(original, patch, ctx);

        // Regular keys first, then the parallel deletion lists (Go's map order is random here).
        List<String> keys = new ArrayList<>();
        List<String> deletionLists = new ArrayList<>();
        for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            (k.startsWith(DELETE_FROM_PRIMITIVE_LIST) ? deletionLists : keys).add(k);
        }
        keys.addAll(deletionLists);

        for (String k : keys) {
            JsonNode patchV = patch.get(k);
            boolean isDeleteList = false;
            String key = k;
            if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                key = extractKey(k, DELETE_FROM_PRIMITIVE_LIST);
                isDeleteList = true;
            }
            if (patchV == null || patchV.isNull()) {
                original.remove(key);
                continue;
            }
            Field field = fieldOf(ctx, key);
            JsonNode origV = original.get(key);
            if (origV == null) {
                // Not in the original: take the patch value (Go quirk kept: a deletion list of an
                // absent field becomes the field).
                original.set(key, isDeleteList ? patchV : fresh(patchV, field.shape()));
                continue;
            }
            if (category(origV) != category(patchV)) {
                original.set(key, fresh(patchV, field.shape()));
                continue;
            }
            String strategy = mainStrategy(field.patchStrategies());
            if (origV.isObject()) {
                if (REPLACE.equals(strategy)) {
                    original.set(key, fresh(patchV, field.shape()));
                } else {
                    original.set(key, mergeMap((ObjectNode) origV, (ObjectNode) patchV, ctxOf(field.shape())));
                }
            } else if (origV.isArray()) {
                original.set(key, mergeSliceHandler((ArrayNode) origV, (ArrayNode) patchV, field, strategy,
                        isDeleteList));
            } else {
                original.set(key, patchV);
            }
        }
        return original;
    }

    /** A patch value without counterpart in the original: maps are applied to an empty map. */
    private JsonNode fresh(JsonNode patchV, Shape shape) throws PatchException {
        if (patchV.isObject()) {
            return mergeMap(NODES.objectNode(), (ObjectNode) patchV, ctxOf(shape));
        }
        return patchV;
    }

    private void applyRetainKeysDirective(ObjectNode original, ObjectNode patch) throws PatchException {
        if (!patch.has(RETAIN_KEYS)) {
            return;
        }
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (!retain.isArray()) {
            throw new PatchException(Kind.BAD_REQUEST, "invalid patch format of retainKeys");
        }
        List<JsonNode> retained = new ArrayList<>();
        retain.forEach(retained::add);
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            if (e.getValue().isNull() || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            if (!containsGo(retained, NODES.textNode(k))) {
                throw new PatchException(Kind.BAD_REQUEST, "invalid patch format of retainKeys");
            }
        }
        List<String> toRemove = new ArrayList<>();
        original.fieldNames().forEachRemaining(k -> {
            if (!containsGo(retained, NODES.textNode(k))) {
                toRemove.add(k);
            }
        });
        original.remove(toRemove);
    }

    /** Processes {@code $setElementOrder/<field>} together with the list it orders. */
    private void mergePatchIntoOriginal(ObjectNode original, ObjectNode patch, Ctx ctx) throws PatchException {
        List<String> orderKeys = new ArrayList<>();
        patch.fieldNames().forEachRemaining(k -> {
            if (k.startsWith(SET_ELEMENT_ORDER)) {
                orderKeys.add(k);
            }
        });
        for (String key : orderKeys) {
            JsonNode setOrder = patch.remove(key);
            if (!setOrder.isArray()) {
                throw badArgType("[]interface {}", setOrder);
            }
            List<JsonNode> order = list(setOrder);
            String originalKey = extractKey(key, SET_ELEMENT_ORDER);

            boolean foundOriginal = original.has(originalKey);
            boolean foundPatch = patch.has(originalKey);
            List<JsonNode> originalList = null;
            List<JsonNode> patchList = null;
            if (foundOriginal) {
                JsonNode v = original.get(originalKey);
                if (!v.isArray()) {
                    throw badArgType("[]interface {}", v);
                }
                originalList = list(v);
            }
            if (foundPatch) {
                JsonNode v = patch.get(originalKey);
                if (!v.isArray()) {
                    throw badArgType("[]interface {}", v);
                }
                patchList = list(v);
            }
            Field field = fieldOf(ctx, originalKey);
            String strategy = mainStrategy(field.patchStrategies());
            String mergeKey = field.patchMergeKey();
            validatePatchWithSetOrderList(patchList, order, mergeKey);

            List<JsonNode> merged;
            if (foundOriginal && !foundPatch) {
                merged = originalList;
            } else if (!foundOriginal && foundPatch) {
                merged = patchList;
            } else if (foundOriginal) {
                merged = list(mergeSliceHandler((ArrayNode) original.get(originalKey),
                        (ArrayNode) patch.get(originalKey), field, strategy, false));
            } else {
                continue;
            }

            List<JsonNode> patchItems = new ArrayList<>();
            List<JsonNode> serverOnly = new ArrayList<>();
            if (mergeKey.isEmpty()) {
                partitionPrimitives(merged, order, patchItems, serverOnly);
            } else {
                partitionMaps(merged, order, mergeKey, patchItems, serverOnly);
            }
            Cat cat = sliceElementType(originalList, patchList);
            List<JsonNode> both = normalizeElementOrder(patchItems, serverOnly, order, originalList, mergeKey, cat);
            original.set(originalKey, array(both));
            patch.remove(originalKey);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Lists

    private JsonNode mergeSliceHandler(ArrayNode original, ArrayNode patch, Field field, String strategy,
                                       boolean isDeleteList) throws PatchException {
        if (MERGE.equals(strategy)) {
            return array(mergeSlice(list(original), list(patch), elementOf(field), field.patchMergeKey(),
                    isDeleteList));
        }
        return patch;
    }

    private List<JsonNode> mergeSlice(List<JsonNode> original, List<JsonNode> patch, Shape elemShape,
                                      String mergeKey, boolean isDeleteList) throws PatchException {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        Cat cat = sliceElementType(original, patch);
        List<JsonNode> merged;
        if (cat != Cat.OBJECT) {
            if (isDeleteList) {
                return deleteFromSlice(original, patch);
            }
            merged = new ArrayList<>();
            for (JsonNode v : original) {
                if (!containsGo(merged, v)) {
                    merged.add(v);
                }
            }
            for (JsonNode v : patch) {
                if (!containsGo(merged, v)) {
                    merged.add(v);
                }
            }
        } else {
            if (mergeKey.isEmpty()) {
                throw new PatchException(Kind.INTERNAL,
                        "cannot merge lists without merge key for " + goKindOf(elemShape));
            }
            List<JsonNode> orig = new ArrayList<>(original);
            List<JsonNode> withoutSpecial = new ArrayList<>();
            boolean replace = false;
            for (JsonNode v : patch) {
                ObjectNode typed = (ObjectNode) v;
                JsonNode patchType = typed.get(DIRECTIVE);
                if (patchType == null) {
                    withoutSpecial.add(v);
                } else if (isText(patchType, DELETE)) {
                    JsonNode mergeValue = typed.get(mergeKey);
                    if (mergeValue == null) {
                        throw noMergeKey(typed, mergeKey);
                    }
                    deleteMatchingEntry(orig, mergeKey, mergeValue);
                } else if (isText(patchType, REPLACE)) {
                    replace = true;
                } else if (isText(patchType, MERGE)) {
                    throw new PatchException(Kind.INTERNAL, "merging lists cannot yet be specified in the patch");
                } else {
                    throw badPatchType(patchType, typed);
                }
            }
            if (replace) {
                orig = new ArrayList<>();
                for (JsonNode v : withoutSpecial) {
                    orig.add(fresh(v, elemShape));
                }
                withoutSpecial = List.of();
            }
            original = orig;
            patch = withoutSpecial;
            merged = new ArrayList<>(orig);
            Ctx elemCtx = ctxOf(elemShape);
            for (JsonNode v : patch) {
                ObjectNode typed = (ObjectNode) v;
                JsonNode mergeValue = typed.get(mergeKey);
                if (mergeValue == null) {
                    throw noMergeKey(typed, mergeKey);
                }
                int idx = findMapInSlice(merged, mergeKey, mergeValue);
                if (idx >= 0) {
                    merged.set(idx, mergeMap((ObjectNode) merged.get(idx), typed, elemCtx));
                } else {
                    merged.add(fresh(typed, elemShape));
                }
            }
        }

        List<JsonNode> patchItems = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        if (mergeKey.isEmpty()) {
            partitionPrimitives(merged, patch, patchItems, serverOnly);
        } else {
            partitionMaps(merged, patch, mergeKey, patchItems, serverOnly);
        }
        return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, cat);
    }

    private static List<JsonNode> deleteFromSlice(List<JsonNode> current, List<JsonNode> toDelete) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : current) {
            if (!containsGo(toDelete, v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Removes the first element whose merge key equals {@code value} (one per delete directive). */
    private static void deleteMatchingEntry(List<JsonNode> original, String mergeKey, JsonNode value)
            throws PatchException {
        int idx = findMapInSlice(original, mergeKey, value);
        if (idx >= 0) {
            original.remove(idx);
        }
    }

    private static int findMapInSlice(List<JsonNode> list, String key, JsonNode value) throws PatchException {
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            if (!v.isObject()) {
                throw new PatchException(Kind.INTERNAL, "value for key " + i + " is not a map");
            }
            JsonNode candidate = v.get(key);
            if (candidate != null && goEquals(candidate, value)) {
                return i;
            }
        }
        return -1;
    }

    private static void partitionPrimitives(List<JsonNode> merged, List<JsonNode> by, List<JsonNode> in,
                                            List<JsonNode> out) {
        for (JsonNode v : merged) {
            (containsGo(by, v) ? in : out).add(v);
        }
    }

    private static void partitionMaps(List<JsonNode> merged, List<JsonNode> by, String mergeKey,
                                      List<JsonNode> in, List<JsonNode> out) throws PatchException {
        for (JsonNode v : merged) {
            if (!v.isObject()) {
                throw badArgType("map[string]interface {}", v);
            }
            JsonNode value = v.get(mergeKey);
            if (value == null) {
                throw noMergeKey((ObjectNode) v, mergeKey);
            }
            (findMapInSlice(by, mergeKey, value) >= 0 ? in : out).add(v);
        }
    }

    private static void validatePatchWithSetOrderList(List<JsonNode> patchList, List<JsonNode> setOrder,
                                                      String mergeKey) throws PatchException {
        if (patchList == null || patchList.isEmpty() || setOrder.isEmpty()) {
            return;
        }
        List<JsonNode> nonDelete = new ArrayList<>();
        if (!mergeKey.isEmpty()) {
            for (JsonNode v : patchList) {
                if (!v.isObject()) {
                    throw badArgType("map[string]interface {}", v);
                }
                if (!isText(v.get(DIRECTIVE), DELETE)) {
                    nonDelete.add(v);
                }
            }
        } else {
            nonDelete.addAll(patchList);
        }
        int pi = 0;
        int si = 0;
        while (pi < nonDelete.size() && si < setOrder.size()) {
            JsonNode item = nonDelete.get(pi);
            if (item.isObject() && item.has(DIRECTIVE)) {
                pi++;
                continue;
            }
            if (mergeKeyValueEqual(item, setOrder.get(si), mergeKey)) {
                pi++;
            }
            si++;
        }
        if (pi < nonDelete.size() && si >= setOrder.size()) {
            throw new PatchException(Kind.INTERNAL, "The order in patch list:\n" + goList(patchList)
                    + "\n doesn't match " + SET_ELEMENT_ORDER + " list:\n" + goList(setOrder) + "\n");
        }
    }

    private static boolean mergeKeyValueEqual(JsonNode left, JsonNode right, String mergeKey) throws PatchException {
        if (mergeKey.isEmpty()) {
            return goEquals(left, right);
        }
        if (!left.isObject()) {
            throw badArgType("map[string]interface {}", left);
        }
        if (!right.isObject()) {
            throw badArgType("map[string]interface {}", right);
        }
        JsonNode l = left.get(mergeKey);
        if (l == null) {
            throw noMergeKey((ObjectNode) left, mergeKey);
        }
        JsonNode r = right.get(mergeKey);
        if (r == null) {
            throw noMergeKey((ObjectNode) right, mergeKey);
        }
        return goEquals(l, r);
    }

    // ---------------------------------------------------------------------------------------------
    // Ordering (normalizeElementOrder / normalizeSliceOrder / mergeSortedSlice)

    private static List<JsonNode> normalizeElementOrder(List<JsonNode> patch, List<JsonNode> serverOnly,
                                                        List<JsonNode> patchOrder, List<JsonNode> serverOrder,
                                                        String mergeKey, Cat cat) throws PatchException {
        List<JsonNode> p = normalizeSliceOrder(patch, patchOrder, mergeKey, cat);
        List<JsonNode> s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, cat);
        return mergeSortedSlice(s, p, serverOrder, mergeKey, cat);
    }

    private static List<JsonNode> normalizeSliceOrder(List<JsonNode> toSort, List<JsonNode> order, String mergeKey,
                                                      Cat cat) throws PatchException {
        List<JsonNode> orderList = order == null ? List.of() : order;
        List<JsonNode> sorted = new ArrayList<>(toSort);
        List<JsonNode> toDelete = new ArrayList<>();
        if (cat == Cat.OBJECT) {
            validateMergeKeyInLists(mergeKey, sorted, orderList);
            List<JsonNode> keep = new ArrayList<>();
            for (JsonNode v : sorted) {
                (isText(v.get(DIRECTIVE), DELETE) ? toDelete : keep).add(v);
            }
            sorted = keep;
        }
        final List<JsonNode> data = sorted;
        GoStableSort.sort(data.size(), (i, j) -> {
            int ii = index(orderList, data.get(i), mergeKey, cat);
            if (ii >= 0) {
                int ij = index(orderList, data.get(j), mergeKey, cat);
                if (ij >= 0) {
                    return ii < ij;
                }
            }
            return true;
        }, (i, j) -> {
            JsonNode t = data.get(i);
            data.set(i, data.get(j));
            data.set(j, t);
        });
        data.addAll(toDelete);
        return data;
    }

    private static void validateMergeKeyInLists(String mergeKey, List<JsonNode> a, List<JsonNode> b)
            throws PatchException {
        for (List<JsonNode> l : List.of(a, b)) {
            for (JsonNode item : l) {
                if (!item.isObject()) {
                    throw badArgType("map[string]interface {}", item);
                }
                if (!item.has(mergeKey)) {
                    throw noMergeKey((ObjectNode) item, mergeKey);
                }
            }
        }
    }

    private static List<JsonNode> mergeSortedSlice(List<JsonNode> left, List<JsonNode> right,
                                                   List<JsonNode> serverOrder, String mergeKey, Cat cat) {
        List<JsonNode> order = serverOrder == null ? List.of() : serverOrder;
        int size = left.size() + right.size();
        List<JsonNode> out = new ArrayList<>(size);
        int i = 0;
        int j = 0;
        for (int k = 0; k < size; k++) {
            if (i >= left.size() && j < right.size()) {
                out.add(right.get(j++));
            } else if (j >= right.size() && i < left.size()) {
                out.add(left.get(i++));
            } else {
                int li = index(order, left.get(i), mergeKey, cat);
                int ri = index(order, right.get(j), mergeKey, cat);
                if (li >= 0 && ri >= 0 && li < ri) {
                    out.add(left.get(i++));
                } else {
                    out.add(right.get(j++));
                }
            }
        }
        return out;
    }

    private static int index(List<JsonNode> list, JsonNode value, String mergeKey, Cat cat) {
        JsonNode needle = cat == Cat.OBJECT ? mergeKeyValueOrNull(value, mergeKey) : value;
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = cat == Cat.OBJECT ? mergeKeyValueOrNull(list.get(i), mergeKey) : list.get(i);
            if (goEquals(needle, candidate)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode mergeKeyValueOrNull(JsonNode item, String mergeKey) {
        if (item == null || !item.isObject()) {
            return NullNode.getInstance();
        }
        JsonNode v = item.get(mergeKey);
        return v == null ? NullNode.getInstance() : v;
    }

    // ---------------------------------------------------------------------------------------------
    // Values with Go semantics

    /** The Go type of a JSON-decoded value. */
    private enum Cat { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

    private static Cat category(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return Cat.NULL;
        }
        if (v.isObject()) {
            return Cat.OBJECT;
        }
        if (v.isArray()) {
            return Cat.ARRAY;
        }
        if (v.isNumber()) {
            return Cat.NUMBER;
        }
        if (v.isBoolean()) {
            return Cat.BOOLEAN;
        }
        return Cat.STRING;
    }

    /** Like Go's sliceElementType over the given lists (nulls allowed). */
    private static Cat sliceElementType(List<JsonNode> a, List<JsonNode> b) throws PatchException {
        Cat prev = null;
        List<List<JsonNode>> all = new ArrayList<>();
        if (a != null) {
            all.add(a);
        }
        if (b != null) {
            all.add(b);
        }
        for (List<JsonNode> l : all) {
            for (JsonNode v : l) {
                Cat c = category(v);
                if (prev == null) {
                    prev = c;
                    if (c == Cat.ARRAY) {
                        throw new PatchException(Kind.INVALID, "lists of lists are not supported");
                    }
                } else if (prev != c) {
                    StringBuilder sb = new StringBuilder("[");
                    for (int i = 0; i < all.size(); i++) {
                        sb.append(i == 0 ? "" : " ").append(goList(all.get(i)));
                    }
                    throw new PatchException(Kind.INTERNAL,
                            "list element types are not identical: " + sb.append(']'));
                }
            }
        }
        if (prev == null) {
            throw new PatchException(Kind.INTERNAL, "no elements in any of the given slices");
        }
        return prev;
    }

    /** Equality of Go interface values holding decoded JSON (numbers are float64). */
    static boolean goEquals(JsonNode a, JsonNode b) {
        Cat ca = category(a);
        Cat cb = category(b);
        if (ca != cb) {
            return false;
        }
        switch (ca) {
            case NULL:
                return true;
            case NUMBER:
                return a.doubleValue() == b.doubleValue();
            case STRING:
                return a.asText().equals(b.asText());
            case BOOLEAN:
                return a.booleanValue() == b.booleanValue();
            default:
                return a.equals(b);
        }
    }

    private static boolean containsGo(List<JsonNode> list, JsonNode v) {
        for (JsonNode x : list) {
            if (goEquals(x, v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isText(JsonNode node, String text) {
        return node != null && node.isTextual() && node.textValue().equals(text);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.forEach(out::add);
        return out;
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode a = NODES.arrayNode(items.size());
        items.forEach(a::add);
        return a;
    }

    private static String extractKey(String s, String prefix) throws PatchException {
        int slash = s.indexOf('/');
        if (slash < 0 || !s.substring(0, slash).equals(prefix)) {
            if (DELETE_FROM_PRIMITIVE_LIST.equals(prefix)) {
                throw new PatchException(Kind.BAD_REQUEST, "invalid patch format of primitive list");
            }
            throw new PatchException(Kind.BAD_REQUEST, "invalid patch format of setElementOrder list");
        }
        return s.substring(slash + 1);
    }

    // ---------------------------------------------------------------------------------------------
    // Errors worded like k8s.io/apimachinery/pkg/util/mergepatch

    private static PatchException noMergeKey(ObjectNode m, String key) {
        return new PatchException(Kind.INTERNAL,
                "map: " + goString(m) + " does not contain declared merge key: " + key);
    }

    private static PatchException badPatchType(JsonNode directive, ObjectNode m) {
        return new PatchException(Kind.INTERNAL,
                "unknown patch type: " + goString(directive) + " in map: " + goString(m));
    }

    private static PatchException badArgType(String expected, JsonNode actual) {
        return new PatchException(Kind.INTERNAL,
                "expected a " + expected + ", but received a " + goTypeName(actual));
    }

    private static String goTypeName(JsonNode v) {
        switch (category(v)) {
            case OBJECT:
                return "map[string]interface {}";
            case ARRAY:
                return "[]interface {}";
            case NUMBER:
                return "float64";
            case BOOLEAN:
                return "bool";
            case STRING:
                return "string";
            default:
                return "%!s(<nil>)";
        }
    }

    private static String goJsonKind(JsonNode v) {
        switch (category(v)) {
            case ARRAY:
                return "array";
            case NUMBER:
                return "number";
            case BOOLEAN:
                return "bool";
            case STRING:
                return "string";
            default:
                return "object";
        }
    }

    private static String goKindOf(Shape shape) {
        if (shape == null) {
            return "interface";
        }
        switch (shape.kind()) {
            case REF:
                return "struct";
            case MAP:
                return "map";
            case ARRAY:
                return "slice";
            case SCALAR:
                switch (shape.scalarType()) {
                    case "integer":
                        return "int64";
                    case "number":
                        return "float64";
                    case "boolean":
                        return "bool";
                    case "string":
                        return "string";
                    default:
                        return "map";
                }
            default:
                return "interface";
        }
    }

    /** Formats a decoded JSON value the way Go's %v prints map[string]interface{} and friends. */
    static String goString(JsonNode v) {
        switch (category(v)) {
            case NULL:
                return "<nil>";
            case OBJECT: {
                TreeMap<String, JsonNode> sorted = new TreeMap<>();
                v.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
                StringBuilder sb = new StringBuilder("map[");
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                    sb.append(first ? "" : " ").append(e.getKey()).append(':').append(goString(e.getValue()));
                    first = false;
                }
                return sb.append(']').toString();
            }
            case ARRAY:
                return goList(list(v));
            case NUMBER: {
                BigDecimal d = v.decimalValue();
                if (d.signum() == 0) {
                    return "0";
                }
                BigDecimal stripped = d.stripTrailingZeros();
                if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 21) {
                    return stripped.toPlainString();
                }
                double dv = v.doubleValue();
                double abs = Math.abs(dv);
                if (abs >= 1e-4 && abs < 1e21) {
                    return BigDecimal.valueOf(dv).stripTrailingZeros().toPlainString();
                }
                String s = String.format("%e", dv);
                return s;
            }
            case BOOLEAN:
                return Boolean.toString(v.booleanValue());
            default:
                return v.asText();
        }
    }

    private static String goList(List<?> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            Object o = items.get(i);
            sb.append(i == 0 ? "" : " ").append(o instanceof JsonNode ? goString((JsonNode) o) : String.valueOf(o));
        }
        return sb.append(']').toString();
    }
}
