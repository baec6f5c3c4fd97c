package io.workshopstate.platform.security;

import io.workshopstate.identity.Caller;
import io.workshopstate.identity.Role;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the caller from the token's claims: {@code sub} is the user, {@code roles} what they may do. */
final class CallerClaims {

    static final String ROLES_CLAIM = "roles";
    static final int MAX_SUBJECT_LENGTH = 255;

    private CallerClaims() {
    }

    static Caller callerOf(Jwt jwt) {
        return new Caller(jwt.getSubject(), rolesOf(jwt));
    }

    static Set<Role> rolesOf(Jwt jwt) {
        if (!jwt.hasClaim(ROLES_CLAIM)) {
            return EnumSet.of(Role.PARTICIPANT);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : jwt.getClaimAsStringList(ROLES_CLAIM)) {
            Role.fromClaimValue(value).ifPresent(roles::add);
        }
        return roles;
    }

    static OAuth2TokenValidator<Jwt> validator() {
        return jwt -> problemWith(jwt)
                .map(message -> OAuth2TokenValidatorResult.failure(
                        new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, message, null)))
                .orElseGet(OAuth2TokenValidatorResult::success);
    }

    private static Optional<String> problemWith(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
            return Optional.of("sub must be 1 to " + MAX_SUBJECT_LENGTH + " characters");
        }
        if (jwt.hasClaim(ROLES_CLAIM) && !(jwt.getClaims().get(ROLES_CLAIM) instanceof List<?> roles
                && roles.stream().allMatch(String.class::isInstance))) {
            return Optional.of("roles must be an array of strings");
        }
        return Optional.empty();
    }
}
