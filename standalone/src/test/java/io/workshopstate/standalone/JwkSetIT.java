package io.workshopstate.standalone;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static io.workshopstate.standalone.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens of an identity provider that publishes its keys (RS256), as Auth0 or Keycloak do: the service is
 * given only the JWK set URI, no shared secret. The context is closed afterwards so its tracking
 * processor does not keep the projection's token from the other tests' application.
 */
@DirtiesContext
class JwkSetIT extends HttpIntegrationTest {

    private static final String KEY_ID = "identity-provider-key";
    private static final RSAKey PROVIDER_KEY = generateKey();
    private static final HttpServer JWKS_SERVER = publish(new JWKSet(PROVIDER_KEY.toPublicJWK()));

    @DynamicPropertySource
    static void verifyWithPublishedKeys(DynamicPropertyRegistry registry) {
        registry.add("workshop.jwt.secret", () -> "");
        registry.add("workshop.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS_SERVER.getAddress().getPort() + "/.well-known/jwks.json");
    }

    @AfterAll
    static void stopPublishing() {
        JWKS_SERVER.stop(0);
    }

    @Test
    void anRs256TokenSignedWithAPublishedKeyIsAccepted() {
        String userId = uniqueUser("facilitator");

        ApiClient.Response created = api.post("/api/workshops", rs256(PROVIDER_KEY, userId, List.of("facilitator")),
                Map.of("title", "Signed in with the provider", "stepCount", 2));

        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        assertThat(created.text("facilitatorId")).isEqualTo(userId);
    }

    @Test
    void anHs256TokenIsRefusedWhenKeysArePublished() {
        assertProblem(api.get("/api/me/sessions", Tokens.participant(uniqueUser("participant"))), 401,
                "unauthenticated");
    }

    @Test
    void anRs256TokenSignedWithAnUnpublishedKeyIsRefused() {
        String forged = rs256(generateKey(), uniqueUser("participant"), List.of("participant"));

        assertProblem(api.get("/api/me/sessions", forged), 401, "unauthenticated");
    }

    private static String rs256(RSAKey key, String subject, List<String> roles) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException failure) {
            throw new IllegalStateException(failure);
        }
        return jwt.serialize();
    }

    /** Every key has the same id, so an unpublished one is refused for its signature, not for an unknown id. */
    private static RSAKey generateKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(KEY_ID).generate();
        } catch (JOSEException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static HttpServer publish(JWKSet keys) {
        byte[] body = keys.toString().getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
