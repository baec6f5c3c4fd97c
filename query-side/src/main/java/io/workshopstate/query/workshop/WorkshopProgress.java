package io.workshopstate.query.workshop;

import io.workshopstate.workshop.ParticipantProgress;
import io.workshopstate.workshop.WorkshopView;

import java.util.List;

/** What the facilitator's live page shows: the workshop and where each of its participants is. */
record WorkshopProgress(WorkshopView workshop, List<ParticipantProgress> sessions) {
}
