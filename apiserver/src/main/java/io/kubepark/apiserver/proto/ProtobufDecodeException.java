package io.kubepark.apiserver.proto;

/**
 * A Kubernetes protobuf request body that {@link ProtobufDecoder} could not turn into JSON. The message is written
 * for the client and fits a 400 Bad Request {@code Status}.
 */
public final class ProtobufDecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    ProtobufDecodeException(String message) {
        super(message);
    }

    ProtobufDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
