package io.workshopstate.session;

import java.util.UUID;

public sealed interface SessionEvent
        permits SessionStarted, StepResponseRevised, CurrentStepChanged, ChatMessageAppended, SessionErased {

    /** Metadata every session event carries, so readers can keep a workshop's events in one sequence. */
    String WORKSHOP_ID_METADATA = "workshopId";

    UUID sessionId();
}
