package io.kubepark.apiserver.selector;

import io.kubepark.apiserver.GoStrings;
import java.util.Comparator;
import java.util.List;

/** Renders values the way Go's fmt package does in Kubernetes error messages, and orders strings like Go. */
final class GoText {

    /** Go compares strings by UTF-8 bytes, which is the same as comparing code points. */
    static final Comparator<String> BYTE_ORDER = GoStrings::compare;

    private GoText() {
    }

    /** strconv.Quote / %q. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(cp -> appendQuoted(out, cp));
        return out.append('"').toString();
    }

    /** %#v of a []string: {@code []string{"a", "b"}}, or {@code []string(nil)} when empty. */
    static String goStringSlice(List<String> values) {
        if (values.isEmpty()) {
            return "[]string(nil)";
        }
        StringBuilder out = new StringBuilder("[]string{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(quote(values.get(i)));
        }
        return out.append('}').toString();
    }

    private static void appendQuoted(StringBuilder out, int cp) {
        switch (cp) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case 0x07 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0x0b -> out.append("\\v");
            default -> appendOther(out, cp);
        }
    }

    private static void appendOther(StringBuilder out, int cp) {
        if (cp <= 0xFFFF && Character.isSurrogate((char) cp)) {
            out.append('\uFFFD');
        } else if (isPrintable(cp)) {
            out.appendCodePoint(cp);
        } else if (cp < 0x20 || cp == 0x7f) {
            out.append(String.format("\\x%02x", cp));
        } else if (cp < 0x10000) {
            out.append(String.format("\\u%04x", cp));
        } else {
            out.append(String.format("\\U%08x", cp));
        }
    }

    /** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }
}
