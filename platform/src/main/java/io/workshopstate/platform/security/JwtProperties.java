package io.workshopstate.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * How bearer tokens are verified: an HS256 shared secret ({@code WORKSHOP_JWT_SECRET}) or the keys an
 * identity provider publishes ({@code WORKSHOP_JWT_JWK_SET_URI}, RS256). One of the two is required.
 */
@ConfigurationProperties("workshop.jwt")
public record JwtProperties(String secret, URI jwkSetUri) {

    static final int MIN_SECRET_BYTES = 32;

    public JwtProperties {
        if (jwkSetUri == null && (secret == null || secret.isBlank())) {
            throw new IllegalStateException(
                    "No way to verify bearer tokens: set WORKSHOP_JWT_SECRET (HS256, at least "
                            + MIN_SECRET_BYTES + " bytes) or WORKSHOP_JWT_JWK_SET_URI");
        }
        if (secret != null && !secret.isBlank() && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("WORKSHOP_JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
    }

    boolean hasSecret() {
        return secret != null && !secret.isBlank();
    }

    byte[] secretBytes() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
