package io.workshopstate.standalone;

import io.workshopstate.platform.eventstore.EventHistory;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history a rebuild reads with one cursor, and the batches the live projection reads after a token: the
 * storage engine's events, with its tokens.
 */
class EventHistoryIT extends HttpIntegrationTest {

    @Autowired
    EventHistory history;

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    JdbcTemplate jdbc;

    private record Read(String eventId, String payloadType, GapAwareTrackingToken token) {
    }

    @Test
    void readsWhatTheStorageEngineReadsWithTheSameTokensAndLeavesAGapForAnAppendNotYetCommitted() throws Exception {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 2));
        saveStep(participant, sessionId, 1, "saved before the late append");

        try (Connection late = TestDatabase.connect()) {
            late.setAutoCommit(false);
            long lateIndex = UncommittedAppend.into(late);
            saveStep(participant, sessionId, 2, "saved after the late append took its global index");
            long head = head();

            List<Read> fromHistory = readHistory(head);
            assertThat(fromHistory).isEqualTo(readStorageEngine(head));
            assertThat(fromHistory.get(fromHistory.size() - 1).token().getIndex()).isEqualTo(head);
            assertThat(fromHistory.get(fromHistory.size() - 1).token().getGaps()).contains(lateIndex);

            late.commit();
            assertThat(readHistory(head)).isEqualTo(readStorageEngine(head));
            assertThat(readHistory(head).get(fromHistory.size() - 1).token().getGaps()).doesNotContain(lateIndex);
        }
    }

    @Test
    void stopsAtTheGivenGlobalIndex() {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 2));
        saveStep(participant, sessionId, 1, "the last event read");
        long last = head();
        saveStep(participant, sessionId, 2, "after the last event read");

        List<Read> read = readHistory(last);

        assertThat(read.get(read.size() - 1).token().getIndex()).isEqualTo(last);
        assertThat(read).hasSize(jdbc.queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE global_index <= ?", Integer.class, last));
    }

    @Test
    void readsAfterATokenWhatTheStorageEngineReadsTheEventsInItsGapsFirst() throws Exception {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 2));
        GapAwareTrackingToken token;
        long lateIndex;
        try (Connection late = TestDatabase.connect()) {
            late.setAutoCommit(false);
            lateIndex = UncommittedAppend.into(late);
            saveStep(participant, sessionId, 1, "saved while the late append is open");
            List<Read> read = readStorageEngine(head());
            token = read.get(read.size() - 1).token();
            assertThat(token.getGaps()).contains(lateIndex);
            late.commit();
        }
        saveStep(participant, sessionId, 2, "saved after the late append committed");

        List<Read> after = readAfter(token, 100);

        assertThat(after).isEqualTo(readStorageEngine(token, after.size()));
        assertThat(after.get(0).token().getGaps()).doesNotContain(lateIndex);
        assertThat(after).extracting(read -> read.token().getIndex()).contains(head());
        assertThat(readAfter(null, 2)).isEqualTo(readStorageEngine(null, 2));
    }

    @Test
    void dropsTheTimedOutGapsOfATokenWithManyAsTheStorageEngineDoes() throws Exception {
        List<Long> holes = new ArrayList<>();
        long old;
        long recent;
        try (Connection connection = TestDatabase.connect()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < 300; i++) {
                holes.add(UncommittedAppend.into(connection));
            }
            connection.rollback();
            old = UncommittedAppend.into(connection, Instant.now().minus(Duration.ofMinutes(5)));
            recent = UncommittedAppend.into(connection);
            connection.commit();
        }
        GapAwareTrackingToken withHoles = GapAwareTrackingToken.newInstance(old, holes);

        List<Read> after = readAfter(withHoles, 100);

        assertThat(after).isEqualTo(readStorageEngine(withHoles, after.size()));
        assertThat(after.get(0).token().getIndex()).isEqualTo(recent);
        // Kept, had they not timed out: the recent event is within the maximum gap offset of them.
        assertThat(after.get(0).token().getGaps()).doesNotContainAnyElementsOf(holes);
    }

    private List<Read> readAfter(GapAwareTrackingToken token, int limit) {
        return history.readAfter(token, limit).stream().map(EventHistoryIT::read).toList();
    }

    private List<Read> readStorageEngine(GapAwareTrackingToken token, int count) {
        try (Stream<? extends TrackedEventMessage<?>> events = storageEngine.readEvents(token, false)) {
            return events.limit(count).map(EventHistoryIT::read).toList();
        }
    }


    private List<Read> readHistory(long last) {
        try (Stream<TrackedEventMessage<?>> events = history.readThrough(last)) {
            return events.map(EventHistoryIT::read).toList();
        }
    }

    private List<Read> readStorageEngine(long last) {
        try (Stream<? extends TrackedEventMessage<?>> events = storageEngine.readEvents(null, false)) {
            return events.map(EventHistoryIT::read).takeWhile(read -> read.token().getIndex() <= last).toList();
        }
    }

    private static Read read(TrackedEventMessage<?> event) {
        return new Read(event.getIdentifier(), event.getPayloadType().getName(),
                (GapAwareTrackingToken) event.trackingToken());
    }

    private long head() {
        return jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
    }
}
