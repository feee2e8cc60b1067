package io.kubepark.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamesTest {

    private static final String SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private static final String LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
            + "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private static final String DNS1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or "
            + "'-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
            + "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    private static final String NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
            + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private static final String TOO_MANY_SLASHES = "a qualified name must consist of alphanumeric characters, '-', "
            + "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
            + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional "
            + "DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
    private static final String LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  "
            + "or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    private static final String PORT_CHARSET = "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
    private static final String PORT_LETTER = "must contain at least one letter (a-z)";

    private static Arguments check(String name, Function<String, List<String>> validator, String value,
            String... expected) {
        return Arguments.of(name, validator, value, List.of(expected));
    }

    static Stream<Arguments> table() {
        Function<String, List<String>> subdomain = Names::dns1123Subdomain;
        Function<String, List<String>> label = Names::dns1123Label;
        Function<String, List<String>> dns1035 = Names::dns1035Label;
        Function<String, List<String>> qualified = Names::qualifiedName;
        Function<String, List<String>> labelValue = Names::labelValue;
        Function<String, List<String>> port = Names::portName;
        Function<String, List<String>> segment = Names::isValidPathSegmentName;
        return Stream.of(
                check("subdomain", subdomain, "example.com"),
                check("subdomain", subdomain, "a"),
                check("subdomain", subdomain, "0-9.z"),
                check("subdomain", subdomain, "a".repeat(253)),
                check("subdomain", subdomain, "a".repeat(254), "must be no more than 253 characters"),
                check("subdomain", subdomain, "Example.com", SUBDOMAIN),
                check("subdomain", subdomain, "", SUBDOMAIN),
                check("subdomain", subdomain, "a..b", SUBDOMAIN),
                check("subdomain", subdomain, "a-", SUBDOMAIN),
                check("subdomain", subdomain, "a\n", SUBDOMAIN),
                check("subdomain", subdomain, "A".repeat(254), "must be no more than 253 characters", SUBDOMAIN),
                check("label", label, "my-name"),
                check("label", label, "123-abc"),
                check("label", label, "a".repeat(63)),
                check("label", label, "a".repeat(64), "must be no more than 63 characters"),
                check("label", label, "a.b", "must not contain dots"),
                check("label", label, "-a", LABEL),
                check("label", label, "", LABEL),
                check("label", label, "a_b", LABEL),
                check("label", label, "a.".repeat(32) + "b", "must be no more than 63 characters", "must not contain dots"),
                check("label", label, "é", LABEL),
                check("dns1035", dns1035, "my-name"),
                check("dns1035", dns1035, "1abc", DNS1035),
                check("dns1035", dns1035, "no-domain.com", DNS1035),
                check("dns1035", dns1035, "a".repeat(64), "must be no more than 63 characters"),
                check("qualified", qualified, "app"),
                check("qualified", qualified, "MyName"),
                check("qualified", qualified, "example.com/my_name-1.x"),
                check("qualified", qualified, "a/b/c", TOO_MANY_SLASHES),
                check("qualified", qualified, "/a", "prefix part must be non-empty"),
                check("qualified", qualified, "a/", "name part must be non-empty", NAME_PART),
                check("qualified", qualified, "", "name part must be non-empty", NAME_PART),
                check("qualified", qualified, "app.kubernetes_io/name", "prefix part " + SUBDOMAIN),
                check("qualified", qualified, "a".repeat(64), "name part must be no more than 63 characters"),
                check("qualified", qualified, "-a".repeat(32), "name part must be no more than 63 characters", NAME_PART),
                check("qualified", qualified, "app:monolith", NAME_PART),
                check("qualified", qualified, "A.B/x", "prefix part " + SUBDOMAIN),
                check("labelValue", labelValue, ""),
                check("labelValue", labelValue, "MyValue"),
                check("labelValue", labelValue, "my_value.1-2"),
                check("labelValue", labelValue, "-x", LABEL_VALUE),
                check("labelValue", labelValue, "x/y", LABEL_VALUE),
                check("labelValue", labelValue, "v".repeat(64), "must be no more than 63 characters"),
                check("labelValue", labelValue, "-".repeat(64), "must be no more than 63 characters", LABEL_VALUE),
                check("port", port, "http"),
                check("port", port, "http-alt-8080"),
                check("port", port, "a".repeat(15)),
                check("port", port, "a".repeat(16), "must be no more than 15 characters"),
                check("port", port, "1-2", PORT_LETTER),
                check("port", port, "8080", PORT_LETTER),
                check("port", port, "HTTP", PORT_CHARSET, PORT_LETTER),
                check("port", port, "", PORT_CHARSET, PORT_LETTER),
                check("port", port, "a--b", "must not contain consecutive hyphens"),
                check("port", port, "-ab", "must not begin or end with a hyphen"),
                check("port", port, "ab-", "must not begin or end with a hyphen"),
                check("port", port, "-", PORT_LETTER, "must not begin or end with a hyphen"),
                check("port", port, "a_b", PORT_CHARSET),
                check("segment", segment, "ok"),
                check("segment", segment, "a.b"),
                check("segment", segment, "...", new String[0]),
                check("segment", segment, ".", "may not be '.'"),
                check("segment", segment, "..", "may not be '..'"),
                check("segment", segment, "a/b", "may not contain '/'"),
                check("segment", segment, "a%b", "may not contain '%'"),
                check("segment", segment, "a/b%c", "may not contain '/'", "may not contain '%'"));
    }

    @ParameterizedTest(name = "[{index}] {0}(\"{2}\") -> {3}")
    @MethodSource("table")
    void reportsKubernetesMessages(String name, Function<String, List<String>> validator, String value,
            List<String> expected) {
        assertThat(validator.apply(value)).containsExactlyElementsOf(expected);
    }
}
