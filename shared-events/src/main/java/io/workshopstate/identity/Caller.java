package io.workshopstate.identity;

import java.util.Set;

/** The signed-in user a request, command or query acts for. */
public record Caller(String userId, Set<Role> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }
}
