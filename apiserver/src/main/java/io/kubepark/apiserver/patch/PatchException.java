package io.kubepark.apiserver.patch;

/**
 * A strategic merge patch could not be applied. The message follows the wording of the Go
 * implementation (k8s.io/apimachinery strategicpatch / mergepatch) so it can be put in a Status.
 *
 * <p>{@link #httpStatus()} is the code kube-apiserver answers with for the same failure:
 * 400 for malformed patch documents and directive lists, 422 for lists of lists, and 500 for the
 * errors the real server does not map (missing merge key, unknown {@code $patch} value, ...).
 * Callers that prefer to answer 422 for those may do so; the message is the same.
 */
public final class PatchException extends Exception {

    private static final long serialVersionUID = 1L;

    /** How kube-apiserver classifies the failure. */
    public enum Kind {
        /** 400 Bad Request. */
        BAD_REQUEST(400),
        /** 422 Unprocessable Entity. */
        INVALID(422),
        /** 500: the apiserver returns the raw error as an internal error. */
        INTERNAL(500);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public PatchException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public int httpStatus() {
        return kind.status();
    }
}
