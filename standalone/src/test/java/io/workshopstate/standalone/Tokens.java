package io.workshopstate.standalone;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Signs bearer tokens the way an identity provider would, with the secret the tests configure. */
final class Tokens {

    static final String SECRET = "integration-test-secret-0123456789abcdef";

    private Tokens() {
    }

    static String participant(String userId) {
        return sign(SECRET, userId, List.of("participant"), Duration.ofHours(1));
    }

    static String facilitator(String userId) {
        return sign(SECRET, userId, List.of("facilitator"), Duration.ofHours(1));
    }

    static String admin(String userId) {
        return sign(SECRET, userId, List.of("admin"), Duration.ofHours(1));
    }

    /** A token whose {@code exp} lies {@code -lifetime} in the past when negative. */
    static String sign(String secret, String subject, List<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        Instant issuedAt = lifetime.isNegative() ? now.plus(lifetime).minus(Duration.ofHours(1)) : now;
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .subject(subject)
                .issuedAt(issuedAt)
                .expiresAt(now.plus(lifetime));
        if (roles != null) {
            claims.claim("roles", roles);
        }
        NimbusJwtEncoder encoder = NimbusJwtEncoder
                .withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
    }
}
