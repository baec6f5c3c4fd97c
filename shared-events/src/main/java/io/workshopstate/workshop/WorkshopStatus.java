package io.workshopstate.workshop;

public enum WorkshopStatus {
    ACTIVE("active"),
    CLOSED("closed");

    private final String value;

    WorkshopStatus(String value) {
        this.value = value;
    }

    /** The spelling used in the API and in the {@code workshops.status} column. */
    public String value() {
        return value;
    }
}
