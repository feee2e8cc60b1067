package io.kubepark.apiserver.validation;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builders for the message fragments that Kubernetes' validation package uses everywhere. */
final class ValidationMessages {

    private ValidationMessages() {
    }

    static String maxLen(int length) {
        return "must be no more than " + length + " characters";
    }

    static String empty() {
        return "must be non-empty";
    }

    /** "msg (e.g. 'a',  or 'b', regex used for validation is 're')", including the doubled space. */
    static String regex(String message, String regex, List<String> examples) {
        if (examples.isEmpty()) {
            return message + " (regex used for validation is '" + regex + "')";
        }
        StringBuilder text = new StringBuilder(message).append(" (e.g. ");
        for (int i = 0; i < examples.size(); i++) {
            if (i > 0) {
                text.append(" or ");
            }
            text.append('\'').append(examples.get(i)).append("', ");
        }
        return text.append("regex used for validation is '").append(regex).append("')").toString();
    }

    /** Length as Go's len() counts it: UTF-8 bytes. */
    static int byteLength(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
