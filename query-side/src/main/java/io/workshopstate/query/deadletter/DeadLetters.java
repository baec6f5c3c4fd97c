package io.workshopstate.query.deadletter;

import io.workshopstate.query.projection.WorkshopViews;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Events the projection could not handle. They wait in PostgreSQL, with everything after them in the
 * same session or workshop, while others keep flowing; they are retried now and then (a failure that
 * was passing heals by itself) and on an operator's request, once the cause is fixed.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final EventProcessingConfiguration processing;

    DeadLetters(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    record Letter(String processingGroup, String eventType, String eventIdentifier, String aggregateIdentifier,
                  Long sequence, Instant enqueuedAt, Instant lastTouched, String causeType, String causeMessage) {
    }

    record RetryOutcome(int sequencesRetried, int sequencesCleared, long lettersRemaining) {
    }

    List<Letter> list() {
        List<Letter> letters = new ArrayList<>();
        queue().deadLetters().forEach(sequence -> sequence.forEach(letter -> letters.add(describe(letter))));
        return letters;
    }

    RetryOutcome retryAll() {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue();
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing
                .sequencedDeadLetterProcessor(WorkshopViews.PROCESSING_GROUP)
                .orElseThrow(() -> new IllegalStateException("The projection has no dead-letter processor"));
        long sequences = queue.amountOfSequences();
        int cleared = 0;
        for (long attempt = 0; attempt < sequences; attempt++) {
            if (processor.processAny()) {
                cleared++;
            }
        }
        return new RetryOutcome((int) sequences, cleared, queue.size());
    }

    @Scheduled(initialDelayString = "${workshop.dead-letters.retry-interval:30s}",
            fixedDelayString = "${workshop.dead-letters.retry-interval:30s}")
    void retryPeriodically() {
        if (queue().amountOfSequences() > 0) {
            RetryOutcome outcome = retryAll();
            log.info("Retried dead letters of the projection: {} of {} sequences cleared, {} letters remain",
                    outcome.sequencesCleared(), outcome.sequencesRetried(), outcome.lettersRemaining());
        }
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue() {
        return processing.deadLetterQueue(WorkshopViews.PROCESSING_GROUP)
                .orElseThrow(() -> new IllegalStateException("The projection has no dead-letter queue"));
    }

    private static Letter describe(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        DomainEventMessage<?> domainEvent = event instanceof DomainEventMessage<?> domain ? domain : null;
        return new Letter(WorkshopViews.PROCESSING_GROUP, event.getPayloadType().getSimpleName(), event.getIdentifier(),
                domainEvent == null ? null : domainEvent.getAggregateIdentifier(),
                domainEvent == null ? null : domainEvent.getSequenceNumber() + 1,
                letter.enqueuedAt(), letter.lastTouched(),
                letter.cause().map(cause -> cause.type()).orElse(null),
                letter.cause().map(cause -> cause.message()).orElse(null));
    }
}
