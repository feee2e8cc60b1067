package io.kubepark.apiserver;

/** String rules of Go that Kubernetes' output depends on. */
public final class GoStrings {
    private GoStrings() {}

    /** Go's string order: UTF-8 byte order, which is code point order (String.compareTo is UTF-16 order). */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
