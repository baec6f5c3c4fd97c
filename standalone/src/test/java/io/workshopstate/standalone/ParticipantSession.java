package io.workshopstate.standalone;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A new participant's session in a new workshop, started over HTTP: for tests that drive service processes. */
record ParticipantSession(String workshopId, String participantId, String participant, String sessionId) {

    /** Fails the test unless both the workshop and the session are created. */
    static ParticipantSession start(ApiClient commands, String workshopTitle, int stepCount) {
        ApiClient.Response workshop = commands.post("/api/workshops",
                Tokens.facilitator("facilitator-" + UUID.randomUUID()),
                Map.of("title", workshopTitle, "stepCount", stepCount));
        assertThat(workshop.status()).as(workshop.rawBody()).isEqualTo(201);
        String workshopId = workshop.text("workshopId");
        String participantId = "participant-" + UUID.randomUUID();
        String participant = Tokens.participant(participantId);
        ApiClient.Response session = commands.post("/api/workshop/session/create", participant,
                Map.of("workshopId", workshopId));
        assertThat(session.status()).as(session.rawBody()).isEqualTo(201);
        return new ParticipantSession(workshopId, participantId, participant, session.text("sessionId"));
    }
}
