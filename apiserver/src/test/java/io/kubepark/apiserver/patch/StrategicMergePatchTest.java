package io.kubepark.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Table tests. The cases restate, in our own words and objects, the behaviour exercised by
 * k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go (merge by key, set merge of scalars,
 * directives, ordering) on real Kubernetes types.
 */
class StrategicMergePatchTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final PatchMeta META = PatchMeta.builtIn();

    static final String POD = "io.k8s.api.core.v1.Pod";
    static final String DEPLOYMENT = "io.k8s.api.apps.v1.Deployment";
    static final String PDB = "io.k8s.api.policy.v1.PodDisruptionBudget";
    static final String SERVICE = "io.k8s.api.core.v1.Service";
    static final String NODE = "io.k8s.api.core.v1.Node";

    /** JSON with single quotes for readability. */
    static JsonNode json(String s) {
        try {
            return MAPPER.readTree(s.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static ObjectNode obj(String s) {
        return (ObjectNode) json(s);
    }

    static Arguments row(String name, String definition, String original, String patch, String expected) {
        return Arguments.of(name, definition, original, patch, expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            row("containers merge by name, changed ones in place, new ones appended", POD,
                "{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}}",
                "{'spec':{'containers':[{'name':'b','image':'b:2'},{'name':'c','image':'c:1'}]}}",
                "{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:2'},"
                    + "{'name':'c','image':'c:1'}]}}"),
            row("a new element is placed right after the patched element it follows in the patch", POD,
                "{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}}",
                "{'spec':{'containers':[{'name':'b','image':'x'},{'name':'d'}]}}",
                "{'spec':{'containers':[{'name':'a'},{'name':'b','image':'x'},{'name':'d'},{'name':'c'}]}}"),
            row("patched elements take the patch order relative to each other", POD,
                "{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}}",
                "{'spec':{'containers':[{'name':'c','image':'x'},{'name':'a','image':'y'}]}}",
                "{'spec':{'containers':[{'name':'b'},{'name':'c','image':'x'},{'name':'a','image':'y'}]}}"),
            row("a lone new element is put first, as kube-apiserver does", POD,
                "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
                "{'spec':{'containers':[{'name':'sidecar','image':'s'}]}}",
                "{'spec':{'containers':[{'name':'sidecar','image':'s'},{'name':'a'},{'name':'b'}]}}"),
            row("env merges by name inside a container", POD,
                "{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'1'},{'name':'Y','value':'2'}]}]}}",
                "{'spec':{'containers':[{'name':'a','env':[{'name':'Y','value':'3'},{'name':'Z','value':'4'}]}]}}",
                "{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'1'},{'name':'Y','value':'3'},"
                    + "{'name':'Z','value':'4'}]}]}}"),
            row("env value replaced by valueFrom: fields of the element merge, null removes one", POD,
                "{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'1'}]}]}}",
                "{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':null,"
                    + "'valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}}]}]}}",
                "{'spec':{'containers':[{'name':'a','env':[{'name':'X',"
                    + "'valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}}]}]}}"),
            row("ports merge by containerPort", POD,
                "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'http'},{'containerPort':443}]}]}}",
                "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'web'}]}]}}",
                "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'web'},{'containerPort':443}]}]}}"),
            row("merge key values compare as numbers (80 and 80.0 are the same port)", POD,
                "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}",
                "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80.0,'name':'web'}]}]}}",
                "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80.0,'protocol':'TCP','name':'web'}]}]}}"),
            row("volumeMounts merge by mountPath inside a container", POD,
                "{'spec':{'containers':[{'name':'a','volumeMounts':[{'name':'v1','mountPath':'/a'},{'name':'v2','mountPath':'/b'}]}]}}",
                "{'spec':{'containers':[{'name':'a','volumeMounts':[{'name':'v3','mountPath':'/b','readOnly':true},"
                    + "{'name':'v4','mountPath':'/c'}]}]}}",
                "{'spec':{'containers':[{'name':'a','volumeMounts':[{'name':'v1','mountPath':'/a'},"
                    + "{'name':'v3','mountPath':'/b','readOnly':true},{'name':'v4','mountPath':'/c'}]}]}}"),
            row("volumes merge by name", POD,
                "{'spec':{'volumes':[{'name':'v1','emptyDir':{}},{'name':'v2','configMap':{'name':'c'}}]}}",
                "{'spec':{'volumes':[{'name':'v2','configMap':{'name':'d'}},{'name':'v3','secret':{'secretName':'s'}}]}}",
                "{'spec':{'volumes':[{'name':'v1','emptyDir':{}},{'name':'v2','configMap':{'name':'d'}},"
                    + "{'name':'v3','secret':{'secretName':'s'}}]}}"),
            row("volumes with $retainKeys: the old volume source is cleared", POD,
                "{'spec':{'volumes':[{'name':'v','emptyDir':{'medium':'Memory'}}]}}",
                "{'spec':{'volumes':[{'name':'v','hostPath':{'path':'/x'},'$retainKeys':['hostPath','name']}]}}",
                "{'spec':{'volumes':[{'name':'v','hostPath':{'path':'/x'}}]}}"),
            row("tolerations have no merge strategy and are replaced", POD,
                "{'spec':{'tolerations':[{'key':'a','operator':'Exists'}]}}",
                "{'spec':{'tolerations':[{'key':'b','operator':'Exists'}]}}",
                "{'spec':{'tolerations':[{'key':'b','operator':'Exists'}]}}"),
            row("container args (atomic list of strings) are replaced", POD,
                "{'spec':{'containers':[{'name':'a','args':['x','y']}]}}",
                "{'spec':{'containers':[{'name':'a','args':['z']}]}}",
                "{'spec':{'containers':[{'name':'a','args':['z']}]}}"),
            row("finalizers merge as a set", POD,
                "{'metadata':{'finalizers':['a','b']}}",
                "{'metadata':{'finalizers':['b','c']}}",
                "{'metadata':{'finalizers':['a','b','c']}}"),
            row("finalizers: a new value before known ones goes first", POD,
                "{'metadata':{'finalizers':['a','b','c']}}",
                "{'metadata':{'finalizers':['d','b']}}",
                "{'metadata':{'finalizers':['d','a','b','c']}}"),
            row("ownerReferences merge by uid", POD,
                "{'metadata':{'ownerReferences':[{'uid':'1','kind':'ReplicaSet','name':'rs'}]}}",
                "{'metadata':{'ownerReferences':[{'uid':'1','controller':true},{'uid':'2','kind':'Node','name':'n'}]}}",
                "{'metadata':{'ownerReferences':[{'uid':'1','kind':'ReplicaSet','name':'rs','controller':true},"
                    + "{'uid':'2','kind':'Node','name':'n'}]}}"),
            row("null deletes a key, maps merge recursively", POD,
                "{'metadata':{'labels':{'a':'1','b':'2'},'annotations':{'x':'y'}}}",
                "{'metadata':{'labels':{'a':null,'c':'3'}}}",
                "{'metadata':{'labels':{'b':'2','c':'3'},'annotations':{'x':'y'}}}"),
            row("null for an absent key changes nothing; nulls inside new maps are dropped", POD,
                "{'metadata':{'name':'p'}}",
                "{'metadata':{'labels':{'a':null,'b':'1'},'namespace':null}}",
                "{'metadata':{'name':'p','labels':{'b':'1'}}}"),
            row("$patch: replace on a whole list", POD,
                "{'spec':{'containers':[{'name':'a','image':'a'},{'name':'b','image':'b'}]}}",
                "{'spec':{'containers':[{'name':'c','image':'c'},{'$patch':'replace'}]}}",
                "{'spec':{'containers':[{'name':'c','image':'c'}]}}"),
            row("$patch: replace on a map", POD,
                "{'metadata':{'labels':{'a':'1','b':'2'}}}",
                "{'metadata':{'labels':{'$patch':'replace','c':'3'}}}",
                "{'metadata':{'labels':{'c':'3'}}}"),
            row("$patch: replace on a map nested in a merged list element", POD,
                "{'spec':{'containers':[{'name':'a','resources':{'limits':{'cpu':'1'},'requests':{'cpu':'1'}}}]}}",
                "{'spec':{'containers':[{'name':'a','resources':{'$patch':'replace','limits':{'memory':'1Gi'}}}]}}",
                "{'spec':{'containers':[{'name':'a','resources':{'limits':{'memory':'1Gi'}}}]}}"),
            row("$patch: delete on a map leaves an empty map", POD,
                "{'metadata':{'labels':{'a':'1'}},'spec':{'nodeName':'n'}}",
                "{'metadata':{'labels':{'$patch':'delete'}}}",
                "{'metadata':{'labels':{}},'spec':{'nodeName':'n'}}"),
            row("$patch: delete removes a list element by merge key", POD,
                "{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}}",
                "{'spec':{'containers':[{'name':'b','$patch':'delete'}]}}",
                "{'spec':{'containers':[{'name':'a'},{'name':'c'}]}}"),
            row("$patch: delete and a change in the same list", POD,
                "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
                "{'spec':{'containers':[{'name':'a','$patch':'delete'},{'name':'b','image':'x'}]}}",
                "{'spec':{'containers':[{'name':'b','image':'x'}]}}"),
            row("$deleteFromPrimitiveList removes values of a merged list of scalars", POD,
                "{'metadata':{'finalizers':['a','b','c']}}",
                "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b','x']}}",
                "{'metadata':{'finalizers':['a','c']}}"),
            row("$deleteFromPrimitiveList together with additions", POD,
                "{'metadata':{'finalizers':['a','b']}}",
                "{'metadata':{'finalizers':['c'],'$deleteFromPrimitiveList/finalizers':['a']}}",
                "{'metadata':{'finalizers':['c','b']}}"),
            row("$setElementOrder reorders a merged list of maps", POD,
                "{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}}",
                "{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'},{'name':'b'}]}}",
                "{'spec':{'containers':[{'name':'c'},{'name':'a'},{'name':'b'}]}}"),
            row("$setElementOrder with a changed and an added element", POD,
                "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
                "{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'b'},{'name':'a'}],"
                    + "'containers':[{'name':'c','image':'c'},{'name':'a','image':'x'}]}}",
                "{'spec':{'containers':[{'name':'c','image':'c'},{'name':'b'},{'name':'a','image':'x'}]}}"),
            row("$setElementOrder keeps server-only elements by their old position", POD,
                "{'spec':{'containers':[{'name':'a'},{'name':'s'},{'name':'b'}]}}",
                "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}]}}",
                "{'spec':{'containers':[{'name':'s'},{'name':'b'},{'name':'a'}]}}"),
            row("$setElementOrder on a list of scalars", POD,
                "{'metadata':{'finalizers':['a','b','c']}}",
                "{'metadata':{'$setElementOrder/finalizers':['c','a','b']}}",
                "{'metadata':{'finalizers':['c','a','b']}}"),
            row("$retainKeys clears the fields it does not list (Deployment strategy)", DEPLOYMENT,
                "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
                "{'spec':{'strategy':{'type':'Recreate','$retainKeys':['type']}}}",
                "{'spec':{'strategy':{'type':'Recreate'}}}"),
            row("without $retainKeys the Deployment strategy just merges", DEPLOYMENT,
                "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
                "{'spec':{'strategy':{'type':'Recreate'}}}",
                "{'spec':{'strategy':{'type':'Recreate','rollingUpdate':{'maxSurge':1}}}}"),
            row("LabelSelector without strategy merges (Deployment)", DEPLOYMENT,
                "{'spec':{'selector':{'matchLabels':{'a':'1'}}}}",
                "{'spec':{'selector':{'matchLabels':{'b':'2'}}}}",
                "{'spec':{'selector':{'matchLabels':{'a':'1','b':'2'}}}}"),
            row("patch strategy replace replaces the map (PodDisruptionBudget selector)", PDB,
                "{'spec':{'selector':{'matchLabels':{'a':'1'}},'minAvailable':1}}",
                "{'spec':{'selector':{'matchLabels':{'b':'2'}}}}",
                "{'spec':{'selector':{'matchLabels':{'b':'2'}},'minAvailable':1}}"),
            row("service ports merge by port", SERVICE,
                "{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443}]}}",
                "{'spec':{'ports':[{'port':80,'targetPort':9090}]}}",
                "{'spec':{'ports':[{'port':80,'targetPort':9090},{'port':443}]}}"),
            row("node conditions merge by type", NODE,
                "{'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'DiskPressure','status':'False'}]}}",
                "{'status':{'conditions':[{'type':'Ready','status':'False','reason':'KubeletDown'}]}}",
                "{'status':{'conditions':[{'type':'Ready','status':'False','reason':'KubeletDown'},"
                    + "{'type':'DiskPressure','status':'False'}]}}"),
            row("unknown kind: lists are replaced, metadata is still ObjectMeta", null,
                "{'metadata':{'finalizers':['a']},'spec':{'items':[{'name':'x'}],'size':1}}",
                "{'metadata':{'finalizers':['b']},'spec':{'items':[{'name':'y'}]}}",
                "{'metadata':{'finalizers':['b','a']},'spec':{'items':[{'name':'y'}],'size':1}}"),
            row("unknown field of a known kind behaves like JSON merge patch", POD,
                "{'spec':{'x-extra':{'list':[1,2],'keep':true}}}",
                "{'spec':{'x-extra':{'list':[3]}}}",
                "{'spec':{'x-extra':{'list':[3],'keep':true}}}"),
            row("type change replaces the value", POD,
                "{'metadata':{'labels':{'a':'1'}}}",
                "{'metadata':{'labels':'oops'}}",
                "{'metadata':{'labels':'oops'}}"),
            row("$patch: replace at the top level", POD,
                "{'kind':'Pod','spec':{'nodeName':'n'}}",
                "{'$patch':'replace','kind':'Pod','metadata':{'name':'x'}}",
                "{'kind':'Pod','metadata':{'name':'x'}}"),
            row("a deletion list for an absent field becomes the field (as in Go)", POD,
                "{'metadata':{'name':'p'}}",
                "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}",
                "{'metadata':{'name':'p','finalizers':['a']}}"),
            row("each delete directive removes one element with that key (de-duplication)", POD,
                "{'spec':{'containers':[{'name':'1'},{'name':'1'},{'name':'2','image':'a'},{'name':'3'},{'name':'3'}]}}",
                "{'spec':{'containers':[{'name':'1','$patch':'delete'},{'name':'3','$patch':'delete'}]}}",
                "{'spec':{'containers':[{'name':'1'},{'name':'2','image':'a'},{'name':'3'}]}}"),
            row("as many delete directives as duplicates remove them all", POD,
                "{'spec':{'containers':[{'name':'1'},{'name':'1'},{'name':'2','image':'a'},{'name':'3'},{'name':'3'}]}}",
                "{'spec':{'containers':[{'name':'1','$patch':'delete'},{'name':'1','$patch':'delete'},"
                    + "{'name':'3','$patch':'delete'},{'name':'3','$patch':'delete'}]}}",
                "{'spec':{'containers':[{'name':'2','image':'a'}]}}"),
            row("patch order wins for patched elements, untouched ones keep their place", POD,
                "{'spec':{'containers':[{'name':'1'},{'name':'2','image':'b'},{'name':'3'}]}}",
                "{'spec':{'containers':[{'name':'3','image':'c'},{'name':'1','image':'a'}]}}",
                "{'spec':{'containers':[{'name':'2','image':'b'},{'name':'3','image':'c'},{'name':'1','image':'a'}]}}"),
            row("patch order of a merged list of scalars", POD,
                "{'metadata':{'finalizers':['1','2','3']}}",
                "{'metadata':{'finalizers':['3','1']}}",
                "{'metadata':{'finalizers':['2','3','1']}}"),
            row("$setElementOrder may name elements the list does not have", POD,
                "{'spec':{'containers':[{'name':'1'},{'name':'3'}]}}",
                "{'spec':{'$setElementOrder/containers':[{'name':'3'},{'name':'2'},{'name':'1'}],"
                    + "'containers':[{'name':'3','image':'3'},{'name':'1','image':'1'}]}}",
                "{'spec':{'containers':[{'name':'3','image':'3'},{'name':'1','image':'1'}]}}"),
            row("$setElementOrder of scalars may name values the list does not have", POD,
                "{'metadata':{'finalizers':['1','3']}}",
                "{'metadata':{'$setElementOrder/finalizers':['3','2','1']}}",
                "{'metadata':{'finalizers':['3','1']}}"),
            row("merging into an empty list keeps the patch elements", POD,
                "{'spec':{'containers':[]}}",
                "{'spec':{'containers':[{'name':'a'}]}}",
                "{'spec':{'containers':[{'name':'a'}]}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesPatch(String name, String definition, String original, String patch, String expected)
            throws PatchException {
        ObjectNode result = StrategicMergePatch.apply(obj(original), json(patch), META, definition);
        assertThat(result).isEqualTo(json(expected));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
            Arguments.of("patch element without the merge key", POD,
                "{'spec':{'containers':[{'name':'a'}]}}",
                "{'spec':{'containers':[{'image':'x'}]}}",
                "map: map[image:x] does not contain declared merge key: name"),
            Arguments.of("delete directive without the merge key", POD,
                "{'spec':{'containers':[{'name':'a'}]}}",
                "{'spec':{'containers':[{'$patch':'delete','image':'x'}]}}",
                "map: map[$patch:delete image:x] does not contain declared merge key: name"),
            Arguments.of("$patch: merge on a map", POD,
                "{'metadata':{'labels':{'a':'1'}}}",
                "{'metadata':{'labels':{'$patch':'merge','b':'2'}}}",
                "unknown patch type: merge in map: map[$patch:merge b:2]"),
            Arguments.of("$patch: merge in a list", POD,
                "{'spec':{'containers':[{'name':'a'}]}}",
                "{'spec':{'containers':[{'$patch':'merge'}]}}",
                "merging lists cannot yet be specified in the patch"),
            Arguments.of("unknown $patch value", POD,
                "{'spec':{'containers':[{'name':'a'}]}}",
                "{'spec':{'containers':[{'name':'a','$patch':'explode'}]}}",
                "unknown patch type: explode in map: map[$patch:explode name:a]"),
            Arguments.of("$retainKeys not listing a patched field", DEPLOYMENT,
                "{'spec':{'strategy':{'type':'RollingUpdate'}}}",
                "{'spec':{'strategy':{'type':'Recreate','$retainKeys':['rollingUpdate']}}}",
                "invalid patch format of retainKeys"),
            Arguments.of("$retainKeys that is not a list", DEPLOYMENT,
                "{'spec':{'strategy':{'type':'RollingUpdate'}}}",
                "{'spec':{'strategy':{'$retainKeys':'type'}}}",
                "invalid patch format of retainKeys"),
            Arguments.of("malformed $deleteFromPrimitiveList key", POD,
                "{'metadata':{'finalizers':['a']}}",
                "{'metadata':{'$deleteFromPrimitiveList':['a']}}",
                "invalid patch format of primitive list"),
            Arguments.of("malformed $setElementOrder key", POD,
                "{'metadata':{'finalizers':['a']}}",
                "{'metadata':{'$setElementOrderX/finalizers':['a']}}",
                "invalid patch format of setElementOrder list"),
            Arguments.of("$setElementOrder that contradicts the patch list", POD,
                "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
                "{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'name':'b','image':'x'}]}}",
                "doesn't match $setElementOrder list"),
            Arguments.of("lists of lists", POD,
                "{'metadata':{'finalizers':['a']}}",
                "{'metadata':{'finalizers':[['b']]}}",
                "list element types are not identical"),
            Arguments.of("lists of lists in a merged list", POD,
                "{'metadata':{'finalizers':[]}}",
                "{'metadata':{'finalizers':[['b']]}}",
                "lists of lists are not supported"),
            Arguments.of("maps in a list of scalars merged without merge key", POD,
                "{'metadata':{'finalizers':[{'a':1}]}}",
                "{'metadata':{'finalizers':[{'b':2}]}}",
                "cannot merge lists without merge key for string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void rejectsMalformedPatches(String name, String definition, String original, String patch, String message) {
        assertThatThrownBy(() -> StrategicMergePatch.apply(obj(original), json(patch), META, definition))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining(message);
    }

    @Test
    void errorsCarryTheApiserverStatus() {
        PatchException bad = org.junit.jupiter.api.Assertions.assertThrows(PatchException.class,
                () -> StrategicMergePatch.apply(obj("{}"), json("{'$deleteFromPrimitiveList':[]}"), META, POD));
        assertThat(bad.httpStatus()).isEqualTo(400);
        PatchException lol = org.junit.jupiter.api.Assertions.assertThrows(PatchException.class,
                () -> StrategicMergePatch.apply(obj("{'metadata':{'finalizers':[]}}"),
                        json("{'metadata':{'finalizers':[['x']]}}"), META, POD));
        assertThat(lol.httpStatus()).isEqualTo(422);
    }

    @Test
    void rejectsNonObjectPatch() {
        assertThatThrownBy(() -> StrategicMergePatch.apply(obj("{}"), json("[1]"), META, POD))
                .isInstanceOf(PatchException.class)
                .hasMessageContaining("cannot unmarshal array");
    }

    @Test
    void doesNotModifyItsArguments() throws PatchException {
        ObjectNode original = obj("{'metadata':{'labels':{'a':'1'},'finalizers':['x']},"
                + "'spec':{'containers':[{'name':'a','env':[{'name':'E','value':'1'}]}]}}");
        JsonNode patch = json("{'metadata':{'labels':{'a':null},'$deleteFromPrimitiveList/finalizers':['x']},"
                + "'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}],"
                + "'containers':[{'name':'b'},{'name':'a','env':[{'name':'E','$patch':'delete'}]}]}}");
        ObjectNode originalCopy = original.deepCopy();
        JsonNode patchCopy = patch.deepCopy();
        ObjectNode result = StrategicMergePatch.apply(original, patch, META, POD);
        assertThat(original).isEqualTo(originalCopy);
        assertThat(patch).isEqualTo(patchCopy);
        assertThat(result).isEqualTo(json("{'metadata':{'labels':{},'finalizers':[]},"
                + "'spec':{'containers':[{'name':'b'},{'name':'a','env':[]}]}}"));
    }

    @Test
    void worksWithDefinitionLookedUpByKind() throws PatchException {
        String def = META.definitionFor("apps/v1", "StatefulSet").orElseThrow();
        ObjectNode result = StrategicMergePatch.apply(
                obj("{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b'}]}}}}"),
                json("{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'2'}]}}}}"), META, def);
        assertThat(result).isEqualTo(
                json("{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'2'},{'name':'b'}]}}}}"));
    }
}
