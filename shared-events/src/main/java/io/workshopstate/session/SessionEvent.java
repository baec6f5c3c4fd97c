package io.workshopstate.session;

import java.util.UUID;

public sealed interface SessionEvent permits SessionStarted, StepResponseSaved, CurrentStepChanged, ChatMessageAppended {

    UUID sessionId();
}
