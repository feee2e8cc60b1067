package io.kubepark;

import io.kubepark.apiserver.auth.Access;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a cluster guards its API. {@link #none()}, the builder's and the JUnit extension's: plain HTTP, no
 * authentication, everything allowed. {@code kubepark serve} uses {@link #serve}: TLS with a CA kept in
 * {@code dataDir}, bearer tokens (and client certificates) checked, and the chosen authorization mode.
 *
 * @param checked       whether requests are authenticated and authorized at all
 * @param tls           whether the API is served over TLS (a request without credentials is then refused with 401)
 * @param dataDir       where the CA and the admin's credentials are kept; null without TLS
 * @param authorization AlwaysAllow or RBAC
 */
public record Security(boolean checked, boolean tls, Path dataDir, Access.Mode authorization) {

    public Security {
        Objects.requireNonNull(authorization, "authorization");
        if (tls && dataDir == null) {
            throw new IllegalArgumentException("TLS needs a data dir for its certificates");
        }
    }

    /** Plain HTTP, every request the admin's and allowed. */
    public static Security none() {
        return new Security(false, false, null, Access.Mode.ALWAYS_ALLOW);
    }

    /** What {@code kubepark serve} runs with: TLS unless {@code insecureHttp}, tokens checked. */
    public static Security serve(boolean insecureHttp, Path dataDir, Access.Mode authorization) {
        return new Security(true, !insecureHttp, insecureHttp ? null : dataDir, authorization);
    }
}
