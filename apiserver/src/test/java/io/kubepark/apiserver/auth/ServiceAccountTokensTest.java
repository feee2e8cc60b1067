package io.kubepark.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceAccountTokensTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static KeyPair key(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize("EC".equals(algorithm) ? 256 : 2048);
        return generator.generateKeyPair();
    }

    private static JsonNode part(String token, int index) throws java.io.IOException {
        return Json.parse(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "EC"})
    void aTokenVerifiesUntilItExpires(String algorithm) throws Exception {
        ServiceAccountTokens tokens = new ServiceAccountTokens(key(algorithm));
        String token = tokens.issue("ns", "robot", "uid-1", List.of(ServiceAccountTokens.ISSUER), NOW, 600);

        assertThat(part(token, 0).path("alg").asText()).isEqualTo("EC".equals(algorithm) ? "ES256" : "RS256");
        JsonNode claims = part(token, 1);
        assertThat(claims.path("sub").asText()).isEqualTo("system:serviceaccount:ns:robot");
        assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 600);
        if ("EC".equals(algorithm)) {
            // JWS ES256: r and s, 32 bytes each, not a DER sequence
            assertThat(Base64.getUrlDecoder().decode(token.split("\\.")[2])).hasSize(64);
        }

        assertThat(tokens.verify(token, NOW.plusSeconds(600)))
                .isEqualTo(new ServiceAccountTokens.Claims("ns", "robot", "uid-1",
                        List.of(ServiceAccountTokens.ISSUER), NOW.getEpochSecond() + 600));
        assertThat(tokens.verify(token, NOW.plusSeconds(601))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "EC"})
    void aForgedOrForeignTokenIsRefused(String algorithm) throws Exception {
        ServiceAccountTokens tokens = new ServiceAccountTokens(key(algorithm));
        String token = tokens.issue("ns", "robot", "uid-1", List.of(ServiceAccountTokens.ISSUER), NOW, 600);
        String[] parts = token.split("\\.");

        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("robot", "admin").getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.verify(parts[0] + "." + otherClaims + "." + parts[2], NOW)).isNull();
        assertThat(tokens.verify(parts[0] + "." + parts[1] + ".", NOW)).isNull();
        String none = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.verify(none + "." + parts[1] + "." + parts[2], NOW)).isNull();
        assertThat(tokens.verify("not-a-jwt", NOW)).isNull();

        String foreign = new ServiceAccountTokens(key(algorithm))
                .issue("ns", "robot", "uid-1", List.of(ServiceAccountTokens.ISSUER), NOW, 600);
        assertThat(tokens.verify(foreign, NOW)).isNull();
    }
}
