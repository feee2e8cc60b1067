package io.kubepark.controllers.job;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Sets of completion indexes in the interval form of {@code status.completedIndexes} ({@code 0-2,4}), as
 * pkg/controller/job/indexed_job_utils.go parses and prints them.
 */
final class Indexes {
    private Indexes() {
    }

    /** parseIndexesFromString: the indexes below {@code completions}; malformed parts are skipped. */
    static TreeSet<Integer> parse(String text, int completions) {
        TreeSet<Integer> out = new TreeSet<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String part : text.split(",")) {
            String[] limits = part.split("-");
            try {
                int first = Integer.parseInt(limits[0]);
                int last = limits.length > 1 ? Integer.parseInt(limits[1]) : first;
                for (int i = first; i <= last && i < completions; i++) {
                    out.add(i);
                }
            } catch (NumberFormatException e) {
                // skipped, as the real parser does
            }
        }
        return out;
    }

    /** orderedIntervals.String. */
    static String format(TreeSet<Integer> indexes) {
        List<String> parts = new ArrayList<>();
        Integer first = null;
        Integer last = null;
        for (int i : indexes) {
            if (last != null && i == last + 1) {
                last = i;
                continue;
            }
            if (first != null) {
                parts.add(first.equals(last) ? first.toString() : first + "-" + last);
            }
            first = i;
            last = i;
        }
        if (first != null) {
            parts.add(first.equals(last) ? first.toString() : first + "-" + last);
        }
        return String.join(",", parts);
    }
}
