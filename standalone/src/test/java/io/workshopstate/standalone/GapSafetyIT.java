package io.workshopstate.standalone;

import io.workshopstate.session.AppendChatMessage;
import io.workshopstate.session.ChatMessageReceipt;
import io.workshopstate.session.ChatRole;
import io.workshopstate.session.SaveReceipt;
import io.workshopstate.session.SaveStepResponse;
import io.workshopstate.session.SessionReceipt;
import io.workshopstate.session.StartSession;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL hands out global indexes when rows are inserted but shows them when their transactions commit, so a
 * projection can read index n+1 while n is still invisible. Here many writers append inside transactions that
 * stay open for a random time after their events got their index, while others commit at once; afterwards every
 * event must have reached the projections, and the run must have shown both a commit out of index order and a
 * processor position that passed over an event which committed later.
 */
class GapSafetyIT extends HttpIntegrationTest {

    private static final int DELAYED_WRITERS = 5;
    private static final int PROMPT_WRITERS = 2;
    private static final int MAX_COMMIT_DELAY_MILLIS = 1500;
    private static final Duration RUN = Duration.ofSeconds(25);
    private static final Duration CATCH_UP = Duration.ofSeconds(20);
    private static final String VIEWS = "workshop-views";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    CommandGateway commands;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    JdbcTemplate jdbc;

    private final AtomicLong clock = new AtomicLong();
    private final Queue<Commit> commits = new ConcurrentLinkedQueue<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final Set<Long> gapsSeenInTokens = ConcurrentHashMap.newKeySet();

    /** One transaction's events: the global indexes they took, and when it started and finished committing. */
    record Commit(long lowestIndex, long highestIndex, long commitStarted, long commitEnded) {
    }

    @Test
    void everyEventReachesTheProjectionsThoughHigherIndexesCommitFirst() throws Exception {
        String facilitator = Tokens.facilitator(uniqueUser("facilitator"));
        List<UUID> workshops = List.of(UUID.fromString(createWorkshop(facilitator, 3)),
                UUID.fromString(createWorkshop(facilitator, 3)), UUID.fromString(createWorkshop(facilitator, 3)));
        long stopAt = System.nanoTime() + RUN.toNanos();

        List<Thread> threads = new ArrayList<>();
        for (int writer = 0; writer < DELAYED_WRITERS + PROMPT_WRITERS; writer++) {
            boolean delayed = writer < DELAYED_WRITERS;
            UUID workshop = workshops.get(writer % workshops.size());
            Thread thread = new Thread(() -> write(workshop, delayed, stopAt), "writer-" + writer);
            thread.start();
            threads.add(thread);
        }
        Thread sampler = new Thread(() -> sampleTokens(stopAt), "token-sampler");
        sampler.start();
        for (Thread thread : threads) {
            thread.join(RUN.plus(Duration.ofSeconds(60)).toMillis());
            assertThat(thread.isAlive()).as("%s finished", thread.getName()).isFalse();
        }
        sampler.join(10_000);
        long lastCommitAt = System.nanoTime();
        assertThat(failures).as("writes that failed").isEmpty();

        List<String> behind = awaitProjectionsComplete();
        long catchUpMillis = (System.nanoTime() - lastCommitAt) / 1_000_000;
        assertThat(behind).as("sessions whose projected rows do not match their events, %d ms after the last commit",
                catchUpMillis).isEmpty();

        long inversions = countInversions();
        Set<Long> committedLater = new HashSet<>(gapsSeenInTokens);
        committedLater.retainAll(jdbc.queryForList("SELECT global_index FROM domain_event_entry", Long.class));
        System.out.printf("GapSafetyIT: %d transactions, %d commit-order inversions, %d gaps seen in the processor's "
                        + "positions, %d of them events committed later; projections complete %d ms after the last "
                        + "commit%n", commits.size(), inversions, gapsSeenInTokens.size(), committedLater.size(),
                catchUpMillis);
        assertThat(inversions).as("transactions that committed before one holding a lower global index").isPositive();
        assertThat(committedLater).as("events the projection passed over while they were not yet committed")
                .isNotEmpty();
    }

    /** Each writer has a session of its own, so writers never race for one aggregate. */
    private void write(UUID workshopId, boolean delayed, long stopAt) {
        Random random = new Random();
        String participant = uniqueUser("participant");
        SessionReceipt session = commands.sendAndWait(StartSession.forParticipant(workshopId, participant));
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        int counter = 0;
        try {
            while (System.nanoTime() < stopAt) {
                int writes = delayed ? 1 + random.nextInt(3) : 1;
                int first = counter;
                counter += writes;
                if (delayed) {
                    long delay = random.nextInt(MAX_COMMIT_DELAY_MILLIS + 1);
                    long[] indexesAndStart = transaction.execute(status -> {
                        long[] range = append(session.sessionId(), participant, first, writes, random);
                        sleep(delay);
                        return new long[]{range[0], range[1], clock.incrementAndGet()};
                    });
                    commits.add(new Commit(indexesAndStart[0], indexesAndStart[1], indexesAndStart[2],
                            clock.incrementAndGet()));
                } else {
                    long started = clock.incrementAndGet();
                    long[] range = append(session.sessionId(), participant, first, writes, random);
                    commits.add(new Commit(range[0], range[1], started, clock.incrementAndGet()));
                }
            }
        } catch (RuntimeException failure) {
            failures.add(Thread.currentThread().getName() + ": " + failure);
        }
    }

    /** @return the lowest and highest global index the appended events took */
    private long[] append(UUID sessionId, String participant, int first, int writes, Random random) {
        long lowestVersion = Long.MAX_VALUE;
        long highestVersion = 0;
        for (int write = first; write < first + writes; write++) {
            long version;
            long eventsBefore;
            if (random.nextInt(3) == 0) {
                ChatMessageReceipt receipt = commands.sendAndWait(new AppendChatMessage(sessionId, participant,
                        UUID.randomUUID(), 1, ChatRole.USER, "message " + write));
                version = receipt.version();
                eventsBefore = version - 1;
            } else {
                int step = 1 + random.nextInt(3);
                SaveReceipt receipt = commands.sendAndWait(new SaveStepResponse(sessionId, participant, step,
                        "text " + write, random.nextInt(4) == 0 ? step : null, null));
                version = receipt.version();
                eventsBefore = version - 2;
            }
            lowestVersion = Math.min(lowestVersion, Math.max(eventsBefore, 0));
            highestVersion = version;
        }
        // Inside the open transaction this sees its own uncommitted rows.
        Map<String, Object> range = jdbc.queryForMap("SELECT min(global_index) AS lowest, max(global_index) AS highest "
                        + "FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number BETWEEN ? AND ?",
                sessionId.toString(), lowestVersion, highestVersion - 1);
        return new long[]{((Number) range.get("lowest")).longValue(), ((Number) range.get("highest")).longValue()};
    }

    /** Records every index a processor's stored position lists as a gap: read past, not yet seen. */
    private void sampleTokens(long stopAt) {
        while (System.nanoTime() < stopAt) {
            for (byte[] token : jdbc.queryForList("SELECT token FROM token_entry WHERE processor_name = ? "
                    + "AND token IS NOT NULL", byte[].class, VIEWS)) {
                JsonNode position = JSON.readTree(new String(token, StandardCharsets.UTF_8));
                for (JsonNode gaps : position.findValues("gaps")) {
                    gaps.values().forEach(gap -> gapsSeenInTokens.add(gap.asLong()));
                }
            }
            sleep(20);
        }
    }

    /** Pairs where the transaction holding the higher indexes had committed before the other began to commit. */
    private long countInversions() {
        List<Commit> all = new ArrayList<>(commits);
        long inversions = 0;
        for (Commit lower : all) {
            for (Commit higher : all) {
                if (higher.lowestIndex() > lower.highestIndex() && higher.commitEnded() < lower.commitStarted()) {
                    inversions++;
                }
            }
        }
        return inversions;
    }

    /**
     * Every session in the database, with its events counted by kind beside its projected rows: revisions
     * (saves, undos, redos) and chat messages. Other tests' sessions in the same database count too.
     */
    private List<String> projectionMismatches() {
        return jdbc.queryForList("""
                SELECT e.aggregate_identifier || ': events ' || e.version || '/' || e.saves || '/' || e.chats
                       || ', projected ' || coalesce(s.version, 0) || '/' || coalesce(r.rows, 0) || '/'
                       || coalesce(c.rows, 0)
                FROM (SELECT aggregate_identifier, max(sequence_number) + 1 AS version,
                             count(*) FILTER (WHERE payload_type ~ '\\.StepResponse(Saved|Undone|Redone)$') AS saves,
                             count(*) FILTER (WHERE payload_type LIKE '%.ChatMessageAppended') AS chats
                      FROM domain_event_entry GROUP BY aggregate_identifier
                      HAVING bool_or(payload_type LIKE '%.SessionStarted')) e
                LEFT JOIN workshop_sessions s ON s.id::text = e.aggregate_identifier
                LEFT JOIN (SELECT session_id, count(*) AS rows FROM step_response_revisions GROUP BY session_id) r
                       ON r.session_id::text = e.aggregate_identifier
                LEFT JOIN (SELECT session_id, count(*) AS rows FROM chat_messages GROUP BY session_id) c
                       ON c.session_id::text = e.aggregate_identifier
                WHERE s.version IS DISTINCT FROM e.version OR coalesce(r.rows, 0) <> e.saves
                   OR coalesce(c.rows, 0) <> e.chats
                """, String.class);
    }

    private List<String> awaitProjectionsComplete() {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        List<String> mismatches = projectionMismatches();
        while (!mismatches.isEmpty() && System.nanoTime() < deadline) {
            sleep(100);
            mismatches = projectionMismatches();
        }
        return mismatches;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
