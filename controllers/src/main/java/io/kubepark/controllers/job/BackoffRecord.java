package io.kubepark.controllers.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The back-off of pod re-creation (pkg/controller/job/backoff_utils.go): failures since the last success and when
 * the last of them happened. Rule J15.
 */
public record BackoffRecord(int failuresAfterLastSuccess, Instant lastFailureTime) {
    public static final BackoffRecord NONE = new BackoffRecord(0, null);
    /** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
    static final Duration BASE = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofMinutes(6);

    /** newBackoffRecord: the record after the pods that finished since the last sync. */
    BackoffRecord next(List<JsonNode> newSucceeded, List<JsonNode> newFailed) {
        List<Instant> failed = newFailed.stream().map(Pods::finishedTime).sorted().toList();
        if (newSucceeded.isEmpty()) {
            if (failed.isEmpty()) {
                return this;
            }
            return new BackoffRecord(failuresAfterLastSuccess + failed.size(), failed.get(failed.size() - 1));
        }
        Instant lastSuccess = newSucceeded.stream().map(Pods::finishedTime).max(Comparator.naturalOrder()).orElseThrow();
        int count = 0;
        Instant last = null;
        for (int i = failed.size() - 1; i >= 0; i--) {
            if (!failed.get(i).isAfter(lastSuccess)) {
                break;
            }
            if (last == null) {
                last = failed.get(i);
            }
            count++;
        }
        return new BackoffRecord(count, last);
    }

    /** getRemainingTimeForFailuresCount: how long pod creation must still wait; zero when it may go ahead. */
    Duration remaining(Instant now) {
        return remaining(failuresAfterLastSuccess, lastFailureTime, now);
    }

    static Duration remaining(int failures, Instant lastFailure, Instant now) {
        if (failures == 0 || lastFailure == null) {
            return Duration.ZERO;
        }
        Duration backoff = BASE;
        for (int i = 1; i < failures; i++) {
            backoff = backoff.multipliedBy(2);
            if (backoff.compareTo(MAX) >= 0) {
                backoff = MAX;
                break;
            }
        }
        Duration elapsed = Duration.between(lastFailure, now);
        return backoff.compareTo(elapsed) < 0 ? Duration.ZERO : backoff.minus(elapsed);
    }
}
