package io.kubepark.controllers.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.TreeSet;

/** matchSuccessPolicy of pkg/controller/job/success_policy.go. Rule J23. */
final class SuccessPolicy {
    private SuccessPolicy() {
    }

    /** The SuccessCriteriaMet message ({@code Matched rules at index <i>}) of the first rule met, or null. */
    static String match(JsonNode policy, int completions, TreeSet<Integer> succeeded) {
        if (!policy.isObject() || succeeded.isEmpty()) {
            return null;
        }
        int index = 0;
        for (JsonNode rule : policy.path("rules")) {
            JsonNode count = rule.path("succeededCount");
            if (rule.path("succeededIndexes").isTextual()) {
                TreeSet<Integer> required = Indexes.parse(rule.path("succeededIndexes").asText(), completions);
                if (!required.isEmpty()) {
                    long contained = required.stream().filter(succeeded::contains).count();
                    if (contained == required.size() || (count.isNumber() && contained >= count.asInt())) {
                        return "Matched rules at index " + index;
                    }
                }
            } else if (count.isNumber() && succeeded.size() >= count.asInt()) {
                return "Matched rules at index " + index;
            }
            index++;
        }
        return null;
    }
}
