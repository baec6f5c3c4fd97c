package io.workshopstate.platform.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workshopstate.session.StepResponseRevised;
import io.workshopstate.session.StepResponseSaved;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Reads a {@link StepResponseSaved} stored before revision 2 as one of revision 2. */
@Component
@Order(1)
class StepResponseSavedUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType UNREVISED =
            new SimpleSerializedType(StepResponseSaved.class.getName(), null);
    static final String REVISION_2 = "2";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(UNREVISED);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(
                new SimpleSerializedType(StepResponseSaved.class.getName(), REVISION_2),
                JsonNode.class,
                payload -> {
                    String text = payload.path("responseText").asText("");
                    ((ObjectNode) payload).put("characterCount", StepResponseRevised.characterCount(text));
                    return payload;
                });
    }
}
