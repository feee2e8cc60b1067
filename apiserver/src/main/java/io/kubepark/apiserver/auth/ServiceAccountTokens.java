package io.kubepark.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * ServiceAccount tokens: JWTs as the TokenRequest API issues them, and their verification when one comes back as
 * a bearer token. An RSA key signs with RS256, an EC P-256 key with ES256: the two algorithms kube-apiserver's
 * {@code --service-account-signing-key-file} accepts.
 */
public final class ServiceAccountTokens {
    public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    /** What a valid token says: whose it is and the uid of the ServiceAccount it was issued for. */
    public record Claims(String namespace, String name, String uid, List<String> audiences, long expiry) {}

    private final KeyPair key;
    private final String algorithm;
    private final String signature;

    public ServiceAccountTokens(KeyPair key) {
        this.key = key;
        boolean ec = "EC".equals(key.getPublic().getAlgorithm());
        this.algorithm = ec ? "ES256" : "RS256";
        // JWS wants the raw r||s pair for ES256 (RFC 7518 3.4), not the DER form Java signs with by default
        this.signature = ec ? "SHA256withECDSAinP1363Format" : "SHA256withRSA";
    }

    /** A token for the ServiceAccount, valid from {@code now} for {@code seconds}. */
    public String issue(String namespace, String name, String uid, List<String> audiences, Instant now, long seconds) {
        ObjectNode header = Json.object().put("alg", algorithm).put("typ", "JWT");
        ObjectNode claims = Json.object();
        var aud = claims.putArray("aud");
        audiences.forEach(aud::add);
        claims.put("exp", now.getEpochSecond() + seconds).put("iat", now.getEpochSecond())
                .put("iss", ISSUER).put("jti", UUID.randomUUID().toString());
        ObjectNode k8s = claims.putObject("kubernetes.io");
        k8s.put("namespace", namespace);
        k8s.putObject("serviceaccount").put("name", name).put("uid", uid);
        claims.put("nbf", now.getEpochSecond()).put("sub", "system:serviceaccount:" + namespace + ":" + name);
        String signed = ENCODE.encodeToString(Json.bytes(header)) + "." + ENCODE.encodeToString(Json.bytes(claims));
        try {
            Signature s = Signature.getInstance(signature);
            s.initSign(key.getPrivate());
            s.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + ENCODE.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a ServiceAccount token", e);
        }
    }

    /** The claims of a token this issuer signed that has not expired at {@code now}, or null. */
    public Claims verify(String token, Instant now) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            if (!algorithm.equals(Json.parse(DECODE.decode(parts[0])).path("alg").asText())) {
                return null;
            }
            Signature s = Signature.getInstance(signature);
            s.initVerify(key.getPublic());
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(DECODE.decode(parts[2]))) {
                return null;
            }
            JsonNode claims = Json.parse(DECODE.decode(parts[1]));
            if (!ISSUER.equals(claims.path("iss").asText()) || claims.path("exp").asLong() < now.getEpochSecond()) {
                return null;
            }
            JsonNode k8s = claims.path("kubernetes.io");
            List<String> audiences = new java.util.ArrayList<>();
            claims.path("aud").forEach(a -> audiences.add(a.asText()));
            return new Claims(k8s.path("namespace").asText(), k8s.path("serviceaccount").path("name").asText(),
                    k8s.path("serviceaccount").path("uid").asText(), audiences, claims.path("exp").asLong());
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }
}
