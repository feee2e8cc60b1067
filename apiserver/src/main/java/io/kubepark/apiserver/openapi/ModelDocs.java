package io.kubepark.apiserver.openapi;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads field descriptions from the generated model classes of {@code io.kubernetes:client-java-api}
 * without loading them: the class files are read as resources and parsed just far enough to find
 * <ul>
 *   <li>the class-level {@code @io.swagger.annotations.ApiModel(description = ...)},</li>
 *   <li>each field's {@code @com.google.gson.annotations.SerializedName(value = ...)} (the JSON name),
 *       its Java type (for {@code int32}/{@code int64}/{@code byte} formats) and generic signature,</li>
 *   <li>the getter's {@code @io.swagger.annotations.ApiModelProperty(value = ...)} (the field description),</li>
 *   <li>the names added to {@code openapiRequiredFields} in the static initialiser.</li>
 * </ul>
 * Nothing is loaded through a class loader, so none of the library's own dependencies (gson, okhttp, ...)
 * are needed at run time.
 */
final class ModelDocs {

    static final String MODEL_PACKAGE = "io/kubernetes/client/openapi/models/";

    /** What one model class tells about one JSON property. */
    record FieldDoc(String jsonName, String description, String descriptor, String signature) {}

    /** What one model class tells. */
    record ClassDoc(String className, String description, Map<String, FieldDoc> fields, Set<String> required) {}

    private final ClassLoader loader;
    private final Map<String, ClassDoc> cache = new HashMap<>();

    ModelDocs(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * The model class for a swagger definition name, or {@code null} when client-java-api has none
     * (custom types such as IntOrString, Quantity, Time, or a library that is not on the class path).
     */
    synchronized ClassDoc forDefinition(String definition) {
        for (String candidate : classNames(definition)) {
            if (cache.containsKey(candidate)) {
                ClassDoc doc = cache.get(candidate);
                if (doc != null) {
                    return doc;
                }
                continue;
            }
            ClassDoc doc = load(candidate);
            cache.put(candidate, doc);
            if (doc != null) {
                return doc;
            }
        }
        return null;
    }

    /**
     * Candidate client-java class names for a definition, most specific first. client-java names a model
     * {@code <Version><Kind>} ({@code io.k8s.api.apps.v1.StatefulSetSpec -> V1StatefulSetSpec}) and puts the
     * group in front only where two groups define the same version and kind
     * ({@code io.k8s.api.core.v1.Event -> CoreV1Event}, {@code io.k8s.api.events.v1.Event -> EventsV1Event}),
     * so the group-prefixed name is tried first.
     */
    static List<String> classNames(String definition) {
        List<String> out = new ArrayList<>();
        String[] parts = definition.split("\\.");
        if (parts.length < 3) {
            return out;
        }
        String kind = parts[parts.length - 1];
        String version = parts[parts.length - 2];
        if (definition.equals("io.k8s.apimachinery.pkg.version.Info")) {
            out.add("VersionInfo");
            return out;
        }
        if (!version.matches("v[0-9]+((alpha|beta)[0-9]+)?")) {
            return out; // io.k8s.apimachinery.pkg.runtime.RawExtension, ...intstr.IntOrString, ...resource.Quantity
        }
        String group = parts[parts.length - 3];
        String v = capitalize(version);
        if (!group.equals("meta")) {
            out.add(capitalize(group) + v + kind);
        }
        out.add(v + kind);
        return out;
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private ClassDoc load(String simpleName) {
        String resource = MODEL_PACKAGE + simpleName + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return parse(simpleName, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    // ---------------------------------------------------------------- class file parsing

    private static final String SERIALIZED_NAME = "Lcom/google/gson/annotations/SerializedName;";
    private static final String API_MODEL = "Lio/swagger/annotations/ApiModel;";
    private static final String API_MODEL_PROPERTY = "Lio/swagger/annotations/ApiModelProperty;";

    /** Parses a class file; package-private for tests. */
    static ClassDoc parse(String className, byte[] bytes) {
        try {
            return new Parser(bytes).parse(className);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot parse class file of " + className, e);
        }
    }

    private static final class Parser {
        private final DataInputStream in;
        private Object[] pool; // String for Utf8, int[] {tag, a, b} for the rest

        Parser(byte[] bytes) {
            this.in = new DataInputStream(new ByteArrayInputStream(bytes));
        }

        ClassDoc parse(String className) throws IOException {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            readPool();
            in.readUnsignedShort(); // access
            in.readUnsignedShort(); // this
            in.readUnsignedShort(); // super
            int interfaces = in.readUnsignedShort();
            for (int i = 0; i < interfaces; i++) {
                in.readUnsignedShort();
            }
            // fields
            Map<String, String[]> fieldsByJavaName = new HashMap<>(); // java name -> {json, descriptor, signature}
            List<String> fieldOrder = new ArrayList<>();
            int fields = in.readUnsignedShort();
            for (int i = 0; i < fields; i++) {
                in.readUnsignedShort();
                String name = utf(in.readUnsignedShort());
                String descriptor = utf(in.readUnsignedShort());
                String json = null;
                String signature = null;
                int attrs = in.readUnsignedShort();
                for (int a = 0; a < attrs; a++) {
                    String attr = utf(in.readUnsignedShort());
                    int len = in.readInt();
                    if (attr.equals("RuntimeVisibleAnnotations")) {
                        Map<String, Map<String, String>> anns = annotations();
                        Map<String, String> sn = anns.get(SERIALIZED_NAME);
                        if (sn != null) {
                            json = sn.get("value");
                        }
                    } else if (attr.equals("Signature")) {
                        signature = utf(in.readUnsignedShort());
                    } else {
                        in.skipNBytes(len);
                    }
                }
                if (json != null) {
                    fieldsByJavaName.put(name, new String[] {json, descriptor, signature});
                    fieldOrder.add(name);
                }
            }
            // methods
            Map<String, String> getterDocs = new HashMap<>(); // lower-cased property part of the getter -> doc
            List<String> required = new ArrayList<>();
            int methods = in.readUnsignedShort();
            for (int i = 0; i < methods; i++) {
                in.readUnsignedShort();
                String name = utf(in.readUnsignedShort());
                String descriptor = utf(in.readUnsignedShort());
                int attrs = in.readUnsignedShort();
                for (int a = 0; a < attrs; a++) {
                    String attr = utf(in.readUnsignedShort());
                    int len = in.readInt();
                    if (attr.equals("RuntimeVisibleAnnotations") && descriptor.startsWith("()")) {
                        Map<String, String> amp = annotations().get(API_MODEL_PROPERTY);
                        if (amp != null && amp.get("value") != null) {
                            String key = getterKey(name);
                            if (key != null) {
                                getterDocs.put(key, amp.get("value"));
                            }
                        }
                    } else if (attr.equals("Code") && name.equals("<clinit>")) {
                        byte[] attrBytes = in.readNBytes(len);
                        required.addAll(requiredFields(attrBytes));
                    } else {
                        in.skipNBytes(len);
                    }
                }
            }
            String classDescription = null;
            int attrs = in.readUnsignedShort();
            for (int a = 0; a < attrs; a++) {
                String attr = utf(in.readUnsignedShort());
                int len = in.readInt();
                if (attr.equals("RuntimeVisibleAnnotations")) {
                    Map<String, String> am = annotations().get(API_MODEL);
                    if (am != null) {
                        classDescription = am.get("description");
                    }
                } else {
                    in.skipNBytes(len);
                }
            }
            Map<String, FieldDoc> docs = new HashMap<>();
            for (String javaName : fieldOrder) {
                String[] f = fieldsByJavaName.get(javaName);
                String doc = getterDocs.get(normalise(javaName));
                docs.put(f[0], new FieldDoc(f[0], blankToNull(doc), f[1], f[2]));
            }
            return new ClassDoc(className, blankToNull(classDescription), docs, new LinkedHashSet<>(required));
        }

        private void readPool() throws IOException {
            int count = in.readUnsignedShort();
            pool = new Object[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> pool[i] = in.readUTF();
                    case 3, 4 -> pool[i] = new int[] {tag, in.readInt(), 0};
                    case 5, 6 -> {
                        pool[i] = new int[] {tag, 0, 0};
                        in.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> pool[i] = new int[] {tag, in.readUnsignedShort(), 0};
                    case 9, 10, 11, 12, 17, 18 -> pool[i] = new int[] {tag, in.readUnsignedShort(), in.readUnsignedShort()};
                    case 15 -> pool[i] = new int[] {tag, in.readUnsignedByte(), in.readUnsignedShort()};
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
        }

        private String utf(int index) {
            return (String) pool[index];
        }

        /** Annotation type descriptor -> (element name -> string value, for string elements only). */
        private Map<String, Map<String, String>> annotations() throws IOException {
            Map<String, Map<String, String>> out = new HashMap<>();
            int n = in.readUnsignedShort();
            for (int i = 0; i < n; i++) {
                String type = utf(in.readUnsignedShort());
                out.put(type, annotationBody());
            }
            return out;
        }

        private Map<String, String> annotationBody() throws IOException {
            Map<String, String> values = new HashMap<>();
            int pairs = in.readUnsignedShort();
            for (int p = 0; p < pairs; p++) {
                String name = utf(in.readUnsignedShort());
                String value = elementValue();
                if (value != null) {
                    values.put(name, value);
                }
            }
            return values;
        }

        private String elementValue() throws IOException {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 's':
                    return utf(in.readUnsignedShort());
                case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 'c':
                    in.readUnsignedShort();
                    return null;
                case 'e':
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    return null;
                case '@':
                    in.readUnsignedShort();
                    annotationBody();
                    return null;
                case '[': {
                    int n = in.readUnsignedShort();
                    for (int i = 0; i < n; i++) {
                        elementValue();
                    }
                    return null;
                }
                default:
                    throw new IOException("unknown element value tag " + (char) tag);
            }
        }

        /**
         * The strings added to {@code openapiRequiredFields} by the static initialiser. The generated
         * initialiser is a straight run of new/dup/invokespecial/putstatic/getstatic/ldc/invokevirtual/pop;
         * on any other instruction the scan gives up (no required list rather than a wrong one).
         */
        private List<String> requiredFields(byte[] codeAttribute) throws IOException {
            DataInputStream c = new DataInputStream(new ByteArrayInputStream(codeAttribute));
            c.readUnsignedShort();
            c.readUnsignedShort();
            int length = c.readInt();
            byte[] code = c.readNBytes(length);
            List<String> out = new ArrayList<>();
            boolean inRequired = false; // the last getstatic/putstatic was openapiRequiredFields
            int pc = 0;
            while (pc < code.length) {
                int op = code[pc] & 0xff;
                switch (op) {
                    case 0xbb, 0xb7, 0xb8, 0xb6 -> pc += 3; // new, invokespecial, invokestatic, invokevirtual
                    case 0x59, 0x57, 0xb1 -> pc += 1; // dup, pop, return
                    case 0xb2, 0xb3 -> { // getstatic, putstatic
                        inRequired = fieldRefName(u2(code, pc + 1)).equals("openapiRequiredFields");
                        pc += 3;
                    }
                    case 0x12, 0x13 -> { // ldc, ldc_w
                        String value = stringConstant(op == 0x12 ? code[pc + 1] & 0xff : u2(code, pc + 1));
                        if (inRequired && value != null) {
                            out.add(value);
                        }
                        pc += op == 0x12 ? 2 : 3;
                    }
                    default -> {
                        return List.of();
                    }
                }
            }
            return out;
        }

        private static int u2(byte[] code, int at) {
            return ((code[at] & 0xff) << 8) | (code[at + 1] & 0xff);
        }

        private String fieldRefName(int index) {
            if (!(pool[index] instanceof int[] ref) || ref[0] != 9) {
                return "";
            }
            int[] nat = (int[]) pool[ref[2]];
            return utf(nat[1]);
        }

        private String stringConstant(int index) {
            if (pool[index] instanceof int[] e && e[0] == 8) {
                return utf(e[1]);
            }
            return null;
        }
    }

    /** {@code getFoo} / {@code isFoo} -> {@code foo}; other names -> null. */
    private static String getterKey(String method) {
        if (method.startsWith("get") && method.length() > 3) {
            return normalise(method.substring(3));
        }
        if (method.startsWith("is") && method.length() > 2) {
            return normalise(method.substring(2));
        }
        return null;
    }

    /** Java field names escape keywords and symbols ({@code _continue}, {@code $ref}); getters do not. */
    private static String normalise(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch != '_' && ch != '$') {
                b.append(Character.toLowerCase(ch));
            }
        }
        return b.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
