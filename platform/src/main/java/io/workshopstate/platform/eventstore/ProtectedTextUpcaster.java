package io.workshopstate.platform.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workshopstate.session.ChatMessageAppended;
import io.workshopstate.session.StepResponseSaved;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Reads texts stored before they were sealed as {@link io.workshopstate.session.ProtectedText}s that are
 * {@code plain}: a response of {@link StepResponseSaved} revision 2 and the content of an unrevised
 * {@link ChatMessageAppended}. Runs after {@link StepResponseSavedUpcaster}.
 */
@Component
@Order(2)
class ProtectedTextUpcaster extends SingleEventUpcaster {

    private record Target(SerializedType type, String textField) {
    }

    private static final Map<SerializedType, Target> TARGETS = Map.of(
            new SimpleSerializedType(StepResponseSaved.class.getName(), StepResponseSavedUpcaster.REVISION_2),
            new Target(new SimpleSerializedType(StepResponseSaved.class.getName(), "3"), "responseText"),
            new SimpleSerializedType(ChatMessageAppended.class.getName(), null),
            new Target(new SimpleSerializedType(ChatMessageAppended.class.getName(), "2"), "content"));

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return TARGETS.containsKey(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        Target target = TARGETS.get(representation.getType());
        return representation.upcastPayload(target.type(), JsonNode.class, payload -> {
            ObjectNode object = (ObjectNode) payload;
            String text = object.path(target.textField()).asText("");
            object.putObject(target.textField()).put("plain", text);
            return object;
        });
    }
}
