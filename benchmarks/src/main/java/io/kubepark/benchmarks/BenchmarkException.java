package io.kubepark.benchmarks;

/** A benchmark step failed or ran out of time; the message says which and why. */
final class BenchmarkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchmarkException(String message) {
        super(message);
    }

    BenchmarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
