package io.workshopstate.session;

import java.util.Arrays;
import java.util.Optional;

public enum ChatRole {
    USER("user"),
    ASSISTANT("assistant");

    private final String value;

    ChatRole(String value) {
        this.value = value;
    }

    /** The spelling used in the API and in the {@code chat_messages.role} column. */
    public String value() {
        return value;
    }

    public static Optional<ChatRole> fromValue(String value) {
        return Arrays.stream(values()).filter(role -> role.value.equals(value)).findFirst();
    }
}
