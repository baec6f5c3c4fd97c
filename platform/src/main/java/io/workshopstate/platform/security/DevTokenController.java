package io.workshopstate.platform.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import javax.crypto.spec.SecretKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Signs tokens for trying the API with curl. It exists only under the {@code dev} profile. */
@Profile("dev")
@RestController
class DevTokenController {

    private static final Duration LIFETIME = Duration.ofHours(12);

    private final NimbusJwtEncoder encoder;
    private final Clock clock;

    DevTokenController(JwtProperties properties, Clock clock) {
        if (!properties.hasSecret()) {
            throw new IllegalStateException("The dev profile signs its tokens with WORKSHOP_JWT_SECRET; set it");
        }
        this.encoder = NimbusJwtEncoder.withSecretKey(new SecretKeySpec(properties.secretBytes(), "HmacSHA256")).build();
        this.clock = clock;
    }

    record TokenRequest(
            @NotNull @Size(min = 1, max = CallerClaims.MAX_SUBJECT_LENGTH) String sub,
            List<@NotNull @Pattern(regexp = "participant|facilitator|admin",
                    message = "must be participant, facilitator or admin") String> roles) {
    }

    record TokenResponse(String token) {
    }

    @PostMapping("/dev/tokens")
    TokenResponse issue(@Valid @RequestBody TokenRequest request) {
        var now = clock.instant();
        var claims = JwtClaimsSet.builder()
                .subject(request.sub())
                .issuedAt(now)
                .expiresAt(now.plus(LIFETIME))
                .claim(CallerClaims.ROLES_CLAIM, request.roles() == null ? List.of("participant") : request.roles())
                .build();
        var header = JwsHeader.with(MacAlgorithm.HS256).build();
        return new TokenResponse(encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue());
    }
}
