package io.kubepark.kubelet;

import java.time.Instant;

/**
 * One line of a fake container's log.
 *
 * @param container the container's name
 * @param restartCount which run of the container wrote it (0 for the first), for {@code kubectl logs --previous}
 * @param at when it was written
 * @param text the line, without a newline
 */
public record LogLine(String container, int restartCount, Instant at, String text) {}
