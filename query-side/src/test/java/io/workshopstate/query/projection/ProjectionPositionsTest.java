package io.workshopstate.query.projection;

import io.workshopstate.query.projection.ProjectionPositions.SequencedEvent;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionPositionsTest {

    private static final int[] FOUR_SEGMENTS = {0, 1, 2, 3};

    @Test
    void aSegmentWithNoneOfItsOwnEventsAheadHasHandledThemAll() {
        String session = aggregateOfSegment(2);
        Map<Integer, TrackingToken> tokens = Map.of(
                0, token(10), 1, token(10), 2, token(12), 3, token(10));

        assertThat(ProjectionPositions.handledThrough(tokens, 12,
                List.of(new SequencedEvent(11, session), new SequencedEvent(12, session)))).isEqualTo(12);
    }

    @Test
    void aSegmentWithOneOfItsOwnEventsAheadHasNot() {
        String session = aggregateOfSegment(1);
        Map<Integer, TrackingToken> tokens = Map.of(
                0, token(12), 1, token(11), 2, token(12), 3, token(12));

        assertThat(ProjectionPositions.handledThrough(tokens, 12,
                List.of(new SequencedEvent(11, session), new SequencedEvent(12, session)))).isEqualTo(11);
    }

    @Test
    void anEventInAGapOfItsSegmentIsNotHandledYet() {
        String session = aggregateOfSegment(3);
        Map<Integer, TrackingToken> tokens = Map.of(
                0, token(20), 1, token(20), 2, token(20), 3, GapAwareTrackingToken.newInstance(20, Set.of(17L)));

        assertThat(ProjectionPositions.handledThrough(tokens, 20, List.of(new SequencedEvent(17, session))))
                .isEqualTo(16);
        assertThat(ProjectionPositions.handledThrough(tokens, 20, List.of(new SequencedEvent(18, session))))
                .as("an event the token has passed, outside its gaps").isEqualTo(20);
    }

    @Test
    void anEventInAGapOfAReplayingSegmentIsNotHandledYet() {
        String session = aggregateOfSegment(3);
        TrackingToken replaying = ReplayToken.createReplayToken(token(30),
                GapAwareTrackingToken.newInstance(20, Set.of(17L)));
        Map<Integer, TrackingToken> tokens = Map.of(0, token(20), 1, token(20), 2, token(20), 3, replaying);

        assertThat(ProjectionPositions.handledThrough(tokens, 20, List.of(new SequencedEvent(17, session))))
                .isEqualTo(16);
        assertThat(ProjectionPositions.handledThrough(tokens, 20, List.of(new SequencedEvent(18, session))))
                .isEqualTo(20);
    }

    @Test
    void eventsCommittedAfterTheHeadDoNotCount() {
        String session = aggregateOfSegment(0);
        Map<Integer, TrackingToken> tokens = Map.of(
                0, token(5), 1, token(9), 2, token(9), 3, token(9));

        assertThat(ProjectionPositions.handledThrough(tokens, 5, List.of(new SequencedEvent(9, session))))
                .isEqualTo(5);
    }

    @Test
    void aSegmentWithoutATokenYetHasHandledNoneOfItsOwnEvents() {
        String session = aggregateOfSegment(3);
        Map<Integer, TrackingToken> tokens = new HashMap<>(Map.of(0, token(4), 1, token(4), 2, token(4)));
        tokens.put(3, null);

        assertThat(ProjectionPositions.handledThrough(tokens, 4, List.of(new SequencedEvent(3, aggregateOfSegment(0)))))
                .isEqualTo(4);
        assertThat(ProjectionPositions.handledThrough(tokens, 4, List.of(new SequencedEvent(3, session))))
                .isEqualTo(2);
    }

    @Test
    void handledThroughStopsJustBeforeTheFirstEventItsSegmentHasNotHandled() {
        String ofSegment0 = aggregateOfSegment(0);
        String ofSegment1 = aggregateOfSegment(1);
        String ofSegment2 = aggregateOfSegment(2);
        Map<Integer, TrackingToken> tokens = Map.of(
                0, token(20), 1, GapAwareTrackingToken.newInstance(18, Set.of(12L)), 2, token(14), 3, token(20));

        assertThat(ProjectionPositions.handledThrough(tokens, 20, List.of(new SequencedEvent(19, ofSegment1),
                new SequencedEvent(15, ofSegment0), new SequencedEvent(16, ofSegment0)))).isEqualTo(18);
        assertThat(ProjectionPositions.handledThrough(tokens, 20, List.of(new SequencedEvent(19, ofSegment1),
                new SequencedEvent(12, ofSegment1), new SequencedEvent(15, ofSegment0)))).isEqualTo(11);
        assertThat(ProjectionPositions.handledThrough(tokens, 20, List.of(new SequencedEvent(16, ofSegment0),
                new SequencedEvent(15, ofSegment2)))).isEqualTo(14);
        assertThat(ProjectionPositions.handledThrough(tokens, 20, List.of(new SequencedEvent(15, ofSegment0))))
                .as("segment 2's token trails, but none of its own events lies ahead of it").isEqualTo(20);
    }

    private static TrackingToken token(long position) {
        return GapAwareTrackingToken.newInstance(position, Set.of());
    }

    /** An aggregate identifier whose events the projection's segment {@code segmentId} of four handles. */
    private static String aggregateOfSegment(int segmentId) {
        Segment segment = Segment.computeSegment(segmentId, FOUR_SEGMENTS);
        String identifier;
        do {
            identifier = UUID.randomUUID().toString();
        } while (!segment.matches(identifier));
        return identifier;
    }
}
