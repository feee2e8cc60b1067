package io.kubepark.apiserver.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Name and label validations with the exact error texts of Kubernetes v1.33
 * ({@code k8s.io/apimachinery/pkg/util/validation} and {@code pkg/api/validation/path}).
 *
 * <p>Every method returns the list of problems found; an empty list means the value is valid.
 * The messages are the bare details (without field path or value), as Kubernetes returns them.
 */
public final class Names {

    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private static final int DNS1123_LABEL_MAX = 63;

    private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower "
            + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final int DNS1123_SUBDOMAIN_MAX = 253;

    private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric "
            + "characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private static final int DNS1035_LABEL_MAX = 63;

    private static final String QNAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";
    private static final int QNAME_MAX = 63;
    private static final List<String> QNAME_EXAMPLES = List.of("MyName", "my.name", "123-abc");

    private static final String LABEL_VALUE_FMT = "(" + QNAME_FMT + ")?";
    private static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private static final int LABEL_VALUE_MAX = 63;

    private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
    private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
    private static final Pattern QNAME = Pattern.compile(QNAME_FMT);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
    private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
    private static final Pattern PORT_NAME_LETTER = Pattern.compile("[a-z]");

    private Names() {
    }

    /** IsDNS1123Subdomain: object names of most resources (at most 253 characters). */
    public static List<String> dns1123Subdomain(String value) {
        List<String> errors = new ArrayList<>();
        if (ValidationMessages.byteLength(value) > DNS1123_SUBDOMAIN_MAX) {
            errors.add(ValidationMessages.maxLen(DNS1123_SUBDOMAIN_MAX));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errors.add(ValidationMessages.regex(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, List.of("example.com")));
        }
        return errors;
    }

    /** IsDNS1123Label: namespace names and other single DNS labels (at most 63 characters). */
    public static List<String> dns1123Label(String value) {
        List<String> errors = new ArrayList<>();
        if (ValidationMessages.byteLength(value) > DNS1123_LABEL_MAX) {
            errors.add(ValidationMessages.maxLen(DNS1123_LABEL_MAX));
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            if (DNS1123_SUBDOMAIN.matcher(value).matches()) {
                errors.add("must not contain dots");
            } else {
                errors.add(ValidationMessages.regex(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, List.of("my-name", "123-abc")));
            }
        }
        return errors;
    }

    /** IsDNS1035Label: service names (must start with a letter, at most 63 characters). */
    public static List<String> dns1035Label(String value) {
        List<String> errors = new ArrayList<>();
        if (ValidationMessages.byteLength(value) > DNS1035_LABEL_MAX) {
            errors.add(ValidationMessages.maxLen(DNS1035_LABEL_MAX));
        }
        if (!DNS1035_LABEL.matcher(value).matches()) {
            errors.add(ValidationMessages.regex(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, List.of("my-name", "abc-123")));
        }
        return errors;
    }

    /** IsQualifiedName: label keys, annotation keys and other "prefix/name" identifiers. */
    public static List<String> qualifiedName(String value) {
        List<String> errors = new ArrayList<>();
        int slash = value.indexOf('/');
        String name = value;
        if (slash >= 0) {
            if (value.indexOf('/', slash + 1) >= 0) {
                errors.add("a qualified name " + ValidationMessages.regex(QNAME_MSG, QNAME_FMT, QNAME_EXAMPLES)
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
            }
            String prefix = value.substring(0, slash);
            name = value.substring(slash + 1);
            if (prefix.isEmpty()) {
                errors.add("prefix part " + ValidationMessages.empty());
            } else {
                for (String message : dns1123Subdomain(prefix)) {
                    errors.add("prefix part " + message);
                }
            }
        }
        if (name.isEmpty()) {
            errors.add("name part " + ValidationMessages.empty());
        } else if (ValidationMessages.byteLength(name) > QNAME_MAX) {
            errors.add("name part " + ValidationMessages.maxLen(QNAME_MAX));
        }
        if (!QNAME.matcher(name).matches()) {
            errors.add("name part " + ValidationMessages.regex(QNAME_MSG, QNAME_FMT, QNAME_EXAMPLES));
        }
        return errors;
    }

    /** IsValidPercent: a numeric string followed by '%', such as {@code 25%}. */
    public static List<String> percent(String value) {
        if (value.matches("[0-9]+%")) {
            return List.of();
        }
        return List.of(ValidationMessages.regex("a valid percent string must be a numeric string followed by an "
                + "ending '%'", "[0-9]+%", List.of("1%", "93%")));
    }

    /** IsValidLabelValue: empty, or up to 63 alphanumerics, '-', '_' and '.' starting and ending alphanumeric. */
    public static List<String> labelValue(String value) {
        List<String> errors = new ArrayList<>();
        if (ValidationMessages.byteLength(value) > LABEL_VALUE_MAX) {
            errors.add(ValidationMessages.maxLen(LABEL_VALUE_MAX));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errors.add(ValidationMessages.regex(LABEL_VALUE_MSG, LABEL_VALUE_FMT,
                    List.of("MyValue", "my_value", "12345")));
        }
        return errors;
    }

    /** IsValidPortName (IANA_SVC_NAME): at most 15 of [-a-z0-9], at least one letter, no "--", no edge '-'. */
    public static List<String> portName(String port) {
        List<String> errors = new ArrayList<>();
        if (ValidationMessages.byteLength(port) > 15) {
            errors.add(ValidationMessages.maxLen(15));
        }
        if (!PORT_NAME_CHARSET.matcher(port).matches()) {
            errors.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!PORT_NAME_LETTER.matcher(port).find()) {
            errors.add("must contain at least one letter (a-z)");
        }
        if (port.contains("--")) {
            errors.add("must not contain consecutive hyphens");
        }
        if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
            errors.add("must not begin or end with a hyphen");
        }
        return errors;
    }

    /** IsValidPathSegmentName: a name that can be used as one URL path segment (not "." or "..", no '/' or '%'). */
    public static List<String> isValidPathSegmentName(String name) {
        if (name.equals(".") || name.equals("..")) {
            return new ArrayList<>(List.of("may not be '" + name + "'"));
        }
        List<String> errors = new ArrayList<>();
        for (String forbidden : List.of("/", "%")) {
            if (name.contains(forbidden)) {
                errors.add("may not contain '" + forbidden + "'");
            }
        }
        return errors;
    }
}
