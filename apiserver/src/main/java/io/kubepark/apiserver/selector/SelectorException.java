package io.kubepark.apiserver.selector;

/**
 * A label or field selector that Kubernetes would reject. The message is the text the API server
 * puts in the {@code message} of its 400 Bad Request Status.
 */
public class SelectorException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message is shown to clients as is. */
    public SelectorException(String message) {
        super(message);
    }
}
