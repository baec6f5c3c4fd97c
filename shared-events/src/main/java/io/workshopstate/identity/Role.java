package io.workshopstate.identity;

import java.util.Arrays;
import java.util.Optional;

public enum Role {
    PARTICIPANT("participant"),
    FACILITATOR("facilitator"),
    ADMIN("admin");

    private final String claimValue;

    Role(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }

    public static Optional<Role> fromClaimValue(String value) {
        return Arrays.stream(values()).filter(role -> role.claimValue.equals(value)).findFirst();
    }
}
