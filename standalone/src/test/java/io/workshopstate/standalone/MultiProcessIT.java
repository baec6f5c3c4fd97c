package io.workshopstate.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command-side and two query-side processes share one database. Writers save and chat through both
 * command sides at once, often into the same session and step; halfway through, one process of each kind
 * dies by SIGKILL and the writers carry on through the survivors. Afterwards every write that was answered
 * 2xx must be in the surviving query side's answers exactly once, with gapless revisions, and a write that
 * was refused must have left nothing.
 */
class MultiProcessIT {

    private static final int WORKSHOPS = 10;
    private static final int PARTICIPANTS_PER_WORKSHOP = 2;
    private static final int STEPS = 4;
    private static final int WRITERS = 8;
    private static final int HOT_SESSIONS = 2;
    private static final Duration BEFORE_KILL = Duration.ofSeconds(12);
    private static final Duration AFTER_KILL = Duration.ofSeconds(12);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);
    private static final String VIEWS = "workshop-views";

    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Map<ServiceProcess, ApiClient> clients = new HashMap<>();
    private final Set<ServiceProcess> killed = ConcurrentHashMap.newKeySet();
    private final List<ServiceProcess> liveCommandSides = new CopyOnWriteArrayList<>();
    private final List<ServiceProcess> liveQuerySides = new CopyOnWriteArrayList<>();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private final Map<ServiceProcess, AtomicInteger> answeredBy = new ConcurrentHashMap<>();
    private final AtomicInteger answeredAfterKill = new AtomicInteger();
    private final AtomicInteger lostRequests = new AtomicInteger();
    private final AtomicInteger refusedWrites = new AtomicInteger();
    private final AtomicInteger readsBehind = new AtomicInteger();
    private final AtomicInteger readsAnswered = new AtomicInteger();
    private volatile boolean afterKill;
    private volatile boolean stopped;
    private JdbcTemplate jdbc;

    @AfterEach
    void killEveryProcess() {
        stopped = true;
        processes.forEach(ServiceProcess::close);
    }

    @Test
    void everyAnsweredWriteIsThereExactlyOnceAfterOneProcessOfEachKindWasKilled() throws Exception {
        jdbc = new JdbcTemplate(new DriverManagerDataSource(TestDatabase.jdbcUrl(), TestDatabase.username(),
                TestDatabase.password()));
        Path logs = Path.of(System.getProperty("workshop.process-logs", "target/process-logs"), "MultiProcessIT");
        ServiceProcess commandA = launch(ServiceProcess.Side.COMMAND, "command-a", logs);
        ServiceProcess commandB = launch(ServiceProcess.Side.COMMAND, "command-b", logs);
        ServiceProcess queryA = launch(ServiceProcess.Side.QUERY, "query-a", logs);
        ServiceProcess queryB = launch(ServiceProcess.Side.QUERY, "query-b", logs);
        for (ServiceProcess process : processes) {
            process.awaitReady(START_TIMEOUT);
            clients.put(process, new ApiClient(process.port()));
            answeredBy.put(process, new AtomicInteger());
        }
        liveCommandSides.addAll(List.of(commandA, commandB));
        liveQuerySides.addAll(List.of(queryA, queryB));

        List<SessionLog> sessions = startSessions();

        List<Thread> writers = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            int number = writer;
            Thread thread = new Thread(() -> writeUntilStopped(number, sessions), "writer-" + writer);
            thread.setDaemon(true);
            thread.start();
            writers.add(thread);
        }

        Thread.sleep(BEFORE_KILL.toMillis());
        Map<Long, Long> claimsBeforeKill = awaitClaimsBy(queryA, queryB);
        ServiceProcess queryVictim = queryA;
        if (claimsBeforeKill.getOrDefault(queryB.pid(), 0L) > claimsBeforeKill.getOrDefault(queryA.pid(), 0L)) {
            queryVictim = queryB;
        }
        ServiceProcess querySurvivor = queryVictim == queryA ? queryB : queryA;
        ServiceProcess commandVictim = commandB;
        assertThat(claimsBeforeKill.getOrDefault(queryVictim.pid(), 0L))
                .as("the query side to be killed projects a share of the segments: %s", claimsBeforeKill)
                .isPositive();
        int answeredByCommandVictim = answeredBy.get(commandVictim).get();
        assertThat(answeredByCommandVictim).as("writes answered by %s before the kill", commandVictim).isPositive();
        assertThat(answeredBy.get(commandA).get()).as("writes answered by %s before the kill", commandA).isPositive();

        killed.add(commandVictim);
        killed.add(queryVictim);
        liveCommandSides.remove(commandVictim);
        liveQuerySides.remove(queryVictim);
        afterKill = true;
        assertThat(commandVictim.kill()).as("%s ended by SIGKILL", commandVictim)
                .isEqualTo(ServiceProcess.SIGKILL_EXIT_CODE);
        assertThat(queryVictim.kill()).as("%s ended by SIGKILL", queryVictim)
                .isEqualTo(ServiceProcess.SIGKILL_EXIT_CODE);

        Thread.sleep(AFTER_KILL.toMillis());
        stopped = true;
        for (Thread writer : writers) {
            writer.join(90_000);
            assertThat(writer.isAlive()).as("%s finished", writer.getName()).isFalse();
        }
        System.out.printf("MultiProcessIT: answered by %s, %d answered after the kill, %d lost with their process, "
                        + "%d refused, %d reads answered, %d reads told 503%n", answeredBy, answeredAfterKill.get(),
                lostRequests.get(), refusedWrites.get(), readsAnswered.get(), readsBehind.get());
        assertThat(problems).as("unexpected answers while writing").isEmpty();
        assertThat(answeredAfterKill.get()).as("writes answered through the survivors").isPositive();

        ApiClient survivor = clients.get(querySurvivor);
        for (SessionLog session : sessions) {
            verifySession(session, survivor);
        }
        verifyNoDuplicateRows(sessions);
        assertThat(problems).as("writes whose fate is unknown").isEmpty();
        assertTakenOver(queryVictim);
    }

    private ServiceProcess launch(ServiceProcess.Side side, String name, Path logs) {
        ServiceProcess process = ServiceProcess.start(side, name, logs, ServiceProcess.TEST_JVM_OPTIONS, Map.of());
        processes.add(process);
        return process;
    }

    /** Several workshops, so that their events spread over the projection's segments. */
    private List<SessionLog> startSessions() {
        List<SessionLog> sessions = new ArrayList<>();
        for (int workshop = 0; workshop < WORKSHOPS; workshop++) {
            ApiClient command = clients.get(liveCommandSides.get(workshop % 2));
            ApiClient.Response created = command.post("/api/workshops",
                    Tokens.facilitator("facilitator-" + UUID.randomUUID()),
                    Map.of("title", "Multi-process " + workshop, "stepCount", STEPS));
            assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
            for (int participant = 0; participant < PARTICIPANTS_PER_WORKSHOP; participant++) {
                String token = Tokens.participant("participant-" + UUID.randomUUID());
                ApiClient.Response started = clients.get(liveCommandSides.get((workshop + participant) % 2)).post(
                        "/api/workshop/session/create", token, Map.of("workshopId", created.text("workshopId")));
                assertThat(started.status()).as(started.rawBody()).isEqualTo(201);
                sessions.add(new SessionLog(started.text("sessionId"), token, started.number("version")));
            }
        }
        return sessions;
    }

    private void writeUntilStopped(int writer, List<SessionLog> sessions) {
        Random random = new Random(writer * 7919L + System.nanoTime());
        int sequence = 0;
        while (!stopped) {
            SessionLog session = random.nextInt(10) < 3
                    ? sessions.get(random.nextInt(HOT_SESSIONS)) : sessions.get(random.nextInt(sessions.size()));
            int choice = random.nextInt(100);
            String label = "w" + writer + "-" + sequence++;
            try {
                if (choice < 60) {
                    save(session, random, label);
                } else if (choice < 85) {
                    chat(session, random, label);
                } else {
                    read(session, random);
                }
            } catch (RuntimeException unexpected) {
                problems.add(label + ": " + unexpected);
            }
        }
    }

    private void save(SessionLog session, Random random, String label) {
        int step = 1 + random.nextInt(3);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionId", session.sessionId);
        body.put("stepNumber", step);
        body.put("responseText", "save " + label + " of step " + step);
        if (random.nextInt(4) == 0) {
            body.put("currentStep", 1 + random.nextInt(STEPS));
        }
        SentSave sent = new SentSave(step, (String) body.get("responseText"));
        session.saves.put(sent.text, sent);
        ServiceProcess target = pick(liveCommandSides, random);
        ApiClient.Response answer = send(target, api -> api.post("/api/workshop/save", session.token, body));
        if (answer == null) {
            sent.outcome = Outcome.LOST;
        } else if (answer.status() == 200) {
            sent.revision = answer.number("revision");
            sent.version = answer.number("version");
            sent.outcome = Outcome.ANSWERED;
            answered(target, session, sent.version);
        } else if (isContention(answer)) {
            sent.outcome = Outcome.REFUSED;
            refusedWrites.incrementAndGet();
        } else {
            sent.outcome = Outcome.REFUSED;
            problems.add("save " + label + " to " + target + ": " + answer.status() + " " + answer.rawBody());
        }
    }

    /** A chat message whose answer was lost with its process is sent again with the same id, as a client would. */
    private void chat(SessionLog session, Random random, String label) {
        UUID messageId = UUID.randomUUID();
        SentChat sent = new SentChat(messageId, 1 + random.nextInt(STEPS), "chat " + label);
        session.chats.put(messageId, sent);
        Map<String, Object> body = Map.of("messageId", messageId.toString(), "stepNumber", sent.step,
                "role", random.nextBoolean() ? "user" : "assistant", "content", sent.content);
        for (int attempt = 0; attempt < 2; attempt++) {
            ServiceProcess target = pick(liveCommandSides, random);
            ApiClient.Response answer = send(target,
                    api -> api.post("/api/sessions/" + session.sessionId + "/chat-messages", session.token, body));
            if (answer == null) {
                sent.lostAttempts++;
                continue;
            }
            if (answer.status() == 201 || answer.status() == 200) {
                if (answer.status() == 200 && sent.lostAttempts == 0) {
                    problems.add("chat " + label + " was new but answered 200 as a repeat");
                }
                sent.version = answer.number("version");
                sent.outcome = Outcome.ANSWERED;
                answered(target, session, sent.version);
                if (random.nextInt(5) == 0) {
                    repeat(session, sent, body, random, label);
                }
            } else if (isContention(answer)) {
                sent.refusedAttempts++;
                refusedWrites.incrementAndGet();
            } else {
                sent.refusedAttempts++;
                problems.add("chat " + label + " to " + target + ": " + answer.status() + " " + answer.rawBody());
            }
            return;
        }
    }

    /** The same message id again, through any command side: the same answer, and no second message. */
    private void repeat(SessionLog session, SentChat sent, Map<String, Object> body, Random random, String label) {
        ServiceProcess target = pick(liveCommandSides, random);
        ApiClient.Response again = send(target,
                api -> api.post("/api/sessions/" + session.sessionId + "/chat-messages", session.token, body));
        if (again != null && (again.status() != 200 || again.number("version") != sent.version)) {
            problems.add("chat " + label + " repeated to " + target + " answered " + again.status() + " "
                    + again.rawBody() + " instead of 200 with version " + sent.version);
        }
    }

    /** A read during the run must reflect the newest answered write, or say it cannot yet (503). */
    private void read(SessionLog session, Random random) {
        long minVersion = session.highestAnsweredVersion.get();
        ServiceProcess target = pick(liveQuerySides, random);
        ApiClient.Response answer = send(target,
                api -> api.get("/api/workshop/" + session.sessionId + "?minVersion=" + minVersion, session.token));
        if (answer == null) {
            return;
        }
        if (answer.status() == 200 && answer.number("version") >= minVersion) {
            readsAnswered.incrementAndGet();
        } else if (answer.status() == 503 && answer.headers().firstValue("Retry-After").isPresent()) {
            readsBehind.incrementAndGet();
        } else {
            problems.add("read of " + session.sessionId + " at minVersion " + minVersion + " from " + target + ": "
                    + answer.status() + " " + answer.rawBody());
        }
    }

    /** @return the answer, or null when the connection failed because the process was killed */
    private ApiClient.Response send(ServiceProcess target, Function<ApiClient, ApiClient.Response> call) {
        try {
            return call.apply(clients.get(target));
        } catch (UncheckedIOException failure) {
            if (killed.contains(target)) {
                lostRequests.incrementAndGet();
                return null;
            }
            throw new IllegalStateException("request to " + target + ", which is alive, failed", failure);
        }
    }

    private void answered(ServiceProcess target, SessionLog session, long version) {
        answeredBy.get(target).incrementAndGet();
        if (afterKill) {
            answeredAfterKill.incrementAndGet();
        }
        session.highestAnsweredVersion.accumulateAndGet(version, Math::max);
    }

    private static boolean isContention(ApiClient.Response answer) {
        return answer.status() == 503 && answer.rawBody().contains("write-contention");
    }

    private static ServiceProcess pick(List<ServiceProcess> live, Random random) {
        return live.get(random.nextInt(live.size()));
    }

    private void verifySession(SessionLog session, ApiClient queries) throws InterruptedException {
        JsonNode document = awaitDocument(session, queries);
        Map<String, Object> stored = jdbc.queryForMap("SELECT count(*) AS events, max(sequence_number) AS last "
                + "FROM domain_event_entry WHERE aggregate_identifier = ?", session.sessionId);
        long events = ((Number) stored.get("events")).longValue();
        assertThat(((Number) stored.get("last")).longValue() + 1).as("gapless stream of %s", session.sessionId)
                .isEqualTo(events);
        assertThat(document.get("version").asLong()).as("version of %s", session.sessionId).isEqualTo(events);

        JsonNode stream = ok(queries.get("/api/sessions/" + session.sessionId + "/events?limit=1000", session.token));
        assertThat(stream.size()).isEqualTo((int) events);
        List<JsonNode> eventList = new ArrayList<>(stream.values());
        for (int index = 0; index < eventList.size(); index++) {
            assertThat(eventList.get(index).get("sequence").asLong()).isEqualTo(index + 1);
        }
        verifySaves(session, queries, document, eventList);
        verifyChats(session, document, eventList);
    }

    private void verifySaves(SessionLog session, ApiClient queries, JsonNode document, List<JsonNode> events) {
        Map<String, List<JsonNode>> savedEvents = events.stream()
                .filter(event -> event.get("type").asString().equals("StepResponseSaved"))
                .collect(Collectors.groupingBy(event -> event.get("payload").get("responseText").asString()));
        assertThat(session.saves.keySet()).as("every stored save of %s was sent by this test", session.sessionId)
                .containsAll(savedEvents.keySet());
        for (SentSave save : session.saves.values()) {
            List<JsonNode> stored = savedEvents.getOrDefault(save.text, List.of());
            switch (save.outcome) {
                case ANSWERED -> {
                    assertThat(stored).as("answered save '%s' stored exactly once", save.text).hasSize(1);
                    JsonNode payload = stored.get(0).get("payload");
                    assertThat(payload.get("stepNumber").asInt()).isEqualTo(save.step);
                    assertThat(payload.get("revision").asLong()).as("revision of '%s'", save.text)
                            .isEqualTo(save.revision);
                    long sequence = stored.get(0).get("sequence").asLong();
                    assertThat(sequence).as("event of '%s' answered with version %d", save.text, save.version)
                            .isBetween(save.version - 1, save.version);
                    if (sequence == save.version - 1) {
                        assertThat(events.get((int) save.version - 1).get("type").asString())
                                .isEqualTo("CurrentStepChanged");
                    }
                }
                case REFUSED -> assertThat(stored).as("refused save '%s' left nothing", save.text).isEmpty();
                case LOST -> assertThat(stored).as("save '%s' whose process died", save.text).hasSizeLessThan(2);
                case PENDING -> problems.add("save '" + save.text + "' never finished");
            }
        }

        for (int step = 1; step <= STEPS; step++) {
            int stepNumber = step;
            JsonNode history = ok(queries.get("/api/sessions/" + session.sessionId + "/steps/" + step
                    + "/history?minVersion=" + document.get("version").asLong(), session.token));
            List<String> texts = history.values().stream().map(entry -> entry.get("responseText").asString()).toList();
            List<Long> revisions = history.values().stream().map(entry -> entry.get("revision").asLong()).toList();
            assertThat(revisions).as("revisions of step %d of %s", step, session.sessionId)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, texts.size()).mapToObj(Long::valueOf).toList());
            assertThat(texts).as("history of step %d of %s", step, session.sessionId).doesNotHaveDuplicates();
            Set<String> expected = savedEvents.entrySet().stream()
                    .filter(entry -> entry.getValue().get(0).get("payload").get("stepNumber").asInt() == stepNumber)
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertThat(texts).as("history of step %d of %s holds its events", step, session.sessionId)
                    .containsExactlyInAnyOrderElementsOf(expected);
            for (SentSave save : session.saves.values()) {
                if (save.step == step && save.outcome == Outcome.ANSWERED) {
                    assertThat(texts.indexOf(save.text) + 1L).as("history revision of '%s'", save.text)
                            .isEqualTo(save.revision);
                }
            }
            JsonNode current = null;
            for (JsonNode response : document.get("responses")) {
                if (response.get("stepNumber").asInt() == step) {
                    current = response;
                }
            }
            if (texts.isEmpty()) {
                assertThat(current).as("no response to step %d of %s", step, session.sessionId).isNull();
            } else {
                assertThat(current).as("response to step %d of %s", step, session.sessionId).isNotNull();
                assertThat(current.get("responseText").asString()).isEqualTo(texts.get(texts.size() - 1));
                assertThat(current.get("revision").asLong()).isEqualTo(texts.size());
            }
        }
    }

    private void verifyChats(SessionLog session, JsonNode document, List<JsonNode> events) {
        List<String> appended = events.stream()
                .filter(event -> event.get("type").asString().equals("ChatMessageAppended"))
                .map(event -> event.get("payload").get("messageId").asString()).toList();
        List<String> shown = document.get("chatMessages").values().stream()
                .map(message -> message.get("messageId").asString()).toList();
        assertThat(shown).as("chat of %s, in append order", session.sessionId).containsExactlyElementsOf(appended);
        assertThat(shown).doesNotHaveDuplicates();
        Set<String> sent = session.chats.keySet().stream().map(UUID::toString).collect(Collectors.toSet());
        assertThat(sent).as("every stored chat message of %s was sent by this test", session.sessionId)
                .containsAll(shown);
        Map<String, JsonNode> shownById = new HashMap<>();
        document.get("chatMessages").values().forEach(message -> shownById.put(message.get("messageId").asString(), message));
        for (SentChat chat : session.chats.values()) {
            String id = chat.messageId.toString();
            switch (chat.outcome) {
                case ANSWERED -> {
                    assertThat(shown).as("answered chat '%s' shown exactly once", chat.content).containsOnlyOnce(id);
                    assertThat(shownById.get(id).get("content").asString()).isEqualTo(chat.content);
                    JsonNode event = events.get((int) chat.version - 1);
                    assertThat(event.get("type").asString()).as("event at version %d", chat.version)
                            .isEqualTo("ChatMessageAppended");
                    assertThat(event.get("payload").get("messageId").asString()).isEqualTo(id);
                }
                case PENDING -> {
                    if (chat.lostAttempts == 0) {
                        assertThat(shown).as("refused chat '%s' left nothing", chat.content).doesNotContain(id);
                    }
                }
                default -> problems.add("chat '" + chat.content + "' has outcome " + chat.outcome);
            }
        }
    }

    private void verifyNoDuplicateRows(List<SessionLog> sessions) {
        String[] ids = sessions.stream().map(session -> session.sessionId).toArray(String[]::new);
        String inSessions = "session_id IN (" + String.join(",", Collections.nCopies(ids.length, "?::uuid")) + ")";
        assertThat(jdbc.queryForList("SELECT session_id, response_text FROM step_response_revisions WHERE " + inSessions
                + " GROUP BY session_id, response_text HAVING count(*) > 1", (Object[]) ids))
                .as("a text twice in some step history").isEmpty();
        assertThat(jdbc.queryForList("SELECT session_id, content FROM chat_messages WHERE " + inSessions
                + " GROUP BY session_id, content HAVING count(*) > 1", (Object[]) ids))
                .as("a chat message twice").isEmpty();
        for (SessionLog session : sessions) {
            long savedEvents = eventsOfType(session.sessionId, "StepResponseSaved");
            long chatEvents = eventsOfType(session.sessionId, "ChatMessageAppended");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM step_response_revisions WHERE session_id = ?::uuid",
                    Long.class, session.sessionId)).as("revision rows of %s", session.sessionId).isEqualTo(savedEvents);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM chat_messages WHERE session_id = ?::uuid",
                    Long.class, session.sessionId)).as("chat rows of %s", session.sessionId).isEqualTo(chatEvents);
            assertThat(jdbc.queryForObject("SELECT version FROM workshop_sessions WHERE id = ?::uuid", Long.class,
                    session.sessionId)).isEqualTo(jdbc.queryForObject(
                    "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class,
                    session.sessionId));
        }
    }

    private long eventsOfType(String sessionId, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type LIKE ?", Long.class, sessionId, "%." + type);
    }

    /** The dead process's claims are taken over: no segment stays with it. */
    private void assertTakenOver(ServiceProcess victim) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        Map<Long, Long> claims = segmentClaimsByPid();
        while (claims.containsKey(victim.pid()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            claims = segmentClaimsByPid();
        }
        assertThat(claims).as("segment claims by process id after %s died", victim).doesNotContainKey(victim.pid());
    }

    /**
     * The query side to be killed must hold a share of the segments, or its death would test nothing. Other
     * processors on the database (another test's application in this JVM) may hold them all for a while, until
     * their SegmentBalancer gives the excess up.
     */
    private Map<Long, Long> awaitClaimsBy(ServiceProcess first, ServiceProcess second) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        Map<Long, Long> claims = segmentClaimsByPid();
        while (!claims.containsKey(first.pid()) && !claims.containsKey(second.pid()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            claims = segmentClaimsByPid();
        }
        return claims;
    }

    /** A query side claims segments as "pid@host/suffix" (ProjectionConfiguration). */
    private Map<Long, Long> segmentClaimsByPid() {
        return jdbc.queryForList("SELECT owner FROM token_entry WHERE processor_name = ? AND owner IS NOT NULL",
                        String.class, VIEWS).stream()
                .filter(owner -> owner.contains("@"))
                .collect(Collectors.groupingBy(owner -> Long.parseLong(owner.substring(0, owner.indexOf('@'))),
                        Collectors.counting()));
    }

    private JsonNode awaitDocument(SessionLog session, ApiClient queries) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        String path = "/api/workshop/" + session.sessionId + "?minVersion=" + session.highestAnsweredVersion.get();
        ApiClient.Response answer = queries.get(path, session.token);
        while (answer.status() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            answer = queries.get(path, session.token);
        }
        return ok(answer);
    }

    private static JsonNode ok(ApiClient.Response answer) {
        assertThat(answer.status()).as(answer.rawBody()).isEqualTo(200);
        return answer.body();
    }

    enum Outcome { PENDING, ANSWERED, REFUSED, LOST }

    static final class SentSave {
        final int step;
        final String text;
        volatile Outcome outcome = Outcome.PENDING;
        volatile long revision;
        volatile long version;

        SentSave(int step, String text) {
            this.step = step;
            this.text = text;
        }
    }

    /** A chat message and its attempts: it counts as answered once any attempt was answered 2xx. */
    static final class SentChat {
        final UUID messageId;
        final int step;
        final String content;
        volatile Outcome outcome = Outcome.PENDING;
        volatile long version;
        volatile int lostAttempts;
        volatile int refusedAttempts;

        SentChat(UUID messageId, int step, String content) {
            this.messageId = messageId;
            this.step = step;
            this.content = content;
        }
    }

    /** Everything this test sent to one session, and what it was answered. */
    static final class SessionLog {
        final String sessionId;
        final String token;
        final Map<String, SentSave> saves = new ConcurrentHashMap<>();
        final Map<UUID, SentChat> chats = new ConcurrentHashMap<>();
        final AtomicLong highestAnsweredVersion;

        SessionLog(String sessionId, String token, long version) {
            this.sessionId = sessionId;
            this.token = token;
            this.highestAnsweredVersion = new AtomicLong(version);
        }
    }
}
