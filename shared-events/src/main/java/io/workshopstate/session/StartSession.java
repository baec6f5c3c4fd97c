package io.workshopstate.session;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

public record StartSession(@TargetAggregateIdentifier UUID sessionId, UUID workshopId, String participantId) {

    /**
     * A participant's session in a workshop has an id derived from the pair, so two racing
     * "create" requests address the same aggregate and only one of them can start it.
     */
    public static StartSession forParticipant(UUID workshopId, String participantId) {
        return new StartSession(sessionIdFor(workshopId, participantId), workshopId, participantId);
    }

    public static UUID sessionIdFor(UUID workshopId, String participantId) {
        String name = "workshop-session:" + workshopId + ":" + participantId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
