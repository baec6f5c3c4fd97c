package io.workshopstate.query.projection;

/**
 * The projections behind the API's reads share one processing group: they commit together, so the
 * session row's version vouches for the step responses and chat messages read beside it.
 */
public final class WorkshopViews {

    public static final String PROCESSING_GROUP = "workshop-views";

    private WorkshopViews() {
    }
}
