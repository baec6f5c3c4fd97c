package io.workshopstate.session;

public record FindParticipantSessions(String participantId) {
}
