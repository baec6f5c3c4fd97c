package io.workshopstate.workshop;

import java.util.UUID;

/**
 * @param reflectEverythingCommitted wait until the answer holds every write committed before the query;
 *                                   a live stream, which asks again on every change, need not
 */
public record FindWorkshopProgress(UUID workshopId, boolean reflectEverythingCommitted) {
}
