package io.kubepark.scheduler;

import java.util.List;

/**
 * What a plugin says about a pod (and a node): a {@link Code} and the reasons, in the exact words Kubernetes
 * uses. Rejections are values, never exceptions.
 *
 * @param code    the outcome
 * @param reasons the reason strings; empty on success
 * @param plugin  the plugin that produced it, or null when not yet attributed
 */
public record Status(Code code, List<String> reasons, String plugin) {

    /** The outcome of a plugin call, as in the scheduler framework. */
    public enum Code {
        SUCCESS,
        /** The pod does not fit now; evicting pods (preemption) may help. */
        UNSCHEDULABLE,
        /** The pod does not fit and preemption would not change that. */
        UNSCHEDULABLE_AND_UNRESOLVABLE,
        /** Something unexpected, e.g. an object the pod refers to is malformed. */
        ERROR
    }

    private static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), null);

    public Status {
        reasons = List.copyOf(reasons);
    }

    public static Status success() {
        return SUCCESS;
    }

    public static Status unschedulable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE, List.of(reasons), null);
    }

    public static Status unresolvable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons), null);
    }

    public static Status error(String message) {
        return new Status(Code.ERROR, List.of(message), null);
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    /** Unschedulable, resolvable or not. */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** The reasons joined with ", ", as Kubernetes' {@code Status.Message()}. */
    public String message() {
        return String.join(", ", reasons);
    }

    /** This status attributed to {@code name}, unless it already names a plugin. */
    public Status withPlugin(String name) {
        return plugin != null || code == Code.SUCCESS ? this : new Status(code, reasons, name);
    }
}
