package io.workshopstate.session;

/** How a step's revision came about, as its history shows it. */
public enum RevisionKind {
    SAVED("saved"),
    UNDONE("undone"),
    REDONE("redone");

    private final String value;

    RevisionKind(String value) {
        this.value = value;
    }

    /** The spelling used in the API and in the {@code step_response_revisions.kind} column. */
    public String value() {
        return value;
    }
}
