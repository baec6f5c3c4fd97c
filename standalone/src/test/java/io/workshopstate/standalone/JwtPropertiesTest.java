package io.workshopstate.standalone;

import io.workshopstate.platform.security.JwtProperties;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The service must not start unable to verify tokens, nor with a secret short enough to guess. */
class JwtPropertiesTest {

    private static final URI JWK_SET = URI.create("https://id.example.com/.well-known/jwks.json");

    @Test
    void refusesToBeBuiltWithoutSecretOrJwkSetUri() {
        assertThatIllegalStateException().isThrownBy(() -> new JwtProperties(null, null))
                .withMessageContaining("WORKSHOP_JWT_SECRET").withMessageContaining("WORKSHOP_JWT_JWK_SET_URI");
        assertThatIllegalStateException().isThrownBy(() -> new JwtProperties("", null));
        assertThatIllegalStateException().isThrownBy(() -> new JwtProperties("   ", null));
    }

    @Test
    void refusesASecretUnderThirtyTwoBytes() {
        assertThatIllegalStateException().isThrownBy(() -> new JwtProperties("s".repeat(31), null))
                .withMessageContaining("32");
        assertThatIllegalStateException().isThrownBy(() -> new JwtProperties("s".repeat(31), JWK_SET));
    }

    @Test
    void countsTheSecretInBytesNotCharacters() {
        assertThatIllegalStateException().isThrownBy(() -> new JwtProperties("é".repeat(15) + "s", null));
        assertThatCode(() -> new JwtProperties("é".repeat(16), null)).doesNotThrowAnyException();
    }

    @Test
    void acceptsASecretOfThirtyTwoBytes() {
        assertThatCode(() -> new JwtProperties("s".repeat(32), null)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAJwkSetUriWithoutSecret() {
        assertThatCode(() -> new JwtProperties(null, JWK_SET)).doesNotThrowAnyException();
        assertThatCode(() -> new JwtProperties("", JWK_SET)).doesNotThrowAnyException();
    }
}
