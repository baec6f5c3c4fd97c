package io.workshopstate.standalone;

import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live schema keeps the PostgreSQL fixes of STACK.md (bytea instead of large objects, a global index
 * without gaps) and the seed's four tables, whatever a later migration or mapping change does.
 */
class SchemaIT extends HttpIntegrationTest {

    private static final String GLOBAL_INDEX_SEQUENCE = "domain_event_entry_seq";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void noColumnReferencesALargeObject() {
        List<String> oidColumns = jdbc.queryForList("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND data_type = 'oid'
                """, String.class);

        assertThat(oidColumns).isEmpty();
    }

    @Test
    void axonsSerializedColumnsAreBytea() {
        Map<String, List<String>> binaryColumns = Map.of(
                "domain_event_entry", List.of("payload", "meta_data"),
                "snapshot_event_entry", List.of("payload", "meta_data"),
                "token_entry", List.of("token"),
                "saga_entry", List.of("serialized_saga"),
                "dead_letter_entry", List.of("payload", "meta_data", "token", "diagnostics"));

        binaryColumns.forEach((table, columns) -> assertThat(columnTypes(table))
                .as(table).containsAllEntriesOf(columns.stream().collect(Collectors.toMap(c -> c, c -> "bytea"))));
    }

    @Test
    void theGlobalIndexSequenceHandsOutOneValueAtATime() {
        Long incrementBy = jdbc.queryForObject("""
                SELECT increment_by FROM pg_sequences WHERE schemaname = current_schema() AND sequencename = ?
                """, Long.class, GLOBAL_INDEX_SEQUENCE);

        assertThat(incrementBy).isEqualTo(1);
    }

    @Test
    void aBurstOfSavesLeavesNoLargeObjectBehind() {
        String participant = Tokens.participant(uniqueUser("participant"));
        String sessionId = startSession(participant, createWorkshop(Tokens.facilitator(uniqueUser("facilitator")), 3));
        long version = 0;
        for (int save = 1; save <= 30; save++) {
            version = saved(api.post("/api/workshop/save", participant,
                    Map.of("sessionId", sessionId, "stepNumber", 1 + save % 3, "responseText", "draft " + save)));
        }

        // Reading at the last version waits for the projection, so its token has been written too.
        assertThat(api.get("/api/workshop/" + sessionId + "?minVersion=" + version, participant).status())
                .isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE token IS NOT NULL", Long.class))
                .isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_largeobject_metadata", Long.class)).isZero();
    }

    /**
     * Tests run one after another, so nothing else draws from the sequence meanwhile. A pooled sequence
     * would still number one node's events consecutively, but would leave the sequence ahead of the last
     * index it handed out; both are checked.
     */
    @Test
    void sequentialSavesGetConsecutiveGlobalIndexesAndReserveNone() {
        long sequenceBefore = sequenceLastValue();
        String facilitator = Tokens.facilitator(uniqueUser("facilitator"));
        String participant = Tokens.participant(uniqueUser("participant"));
        String workshopId = createWorkshop(facilitator, 3);
        String sessionId = startSession(participant, workshopId);
        for (int save = 1; save <= 20; save++) {
            saved(api.post("/api/workshop/save", participant,
                    Map.of("sessionId", sessionId, "stepNumber", 1, "responseText", "draft " + save)));
        }

        List<Long> indexes = jdbc.queryForList("""
                SELECT global_index FROM domain_event_entry WHERE aggregate_identifier IN (?, ?)
                ORDER BY global_index
                """, Long.class, workshopId, sessionId);
        long sequenceAfter = sequenceLastValue();

        assertThat(indexes).hasSize(22);
        for (int i = 1; i < indexes.size(); i++) {
            assertThat(indexes.get(i) - indexes.get(i - 1)).as("gap after global index " + indexes.get(i - 1))
                    .isEqualTo(1);
        }
        assertThat(indexes.get(0)).isEqualTo(sequenceBefore + 1);
        assertThat(sequenceAfter).as("the sequence's last value").isEqualTo(indexes.get(indexes.size() - 1));
    }

    @Test
    void theSeedsFourTablesHaveTheSeedsColumns() {
        assertThat(columnTypes("workshops")).containsKeys("id", "facilitator_id", "created_at", "status");
        assertThat(columnTypes("workshop_sessions"))
                .containsKeys("id", "workshop_id", "participant_id", "current_step", "started_at", "updated_at");
        assertThat(columnTypes("step_responses"))
                .containsKeys("id", "session_id", "step_number", "response_text", "created_at", "updated_at");
        assertThat(columnTypes("chat_messages"))
                .containsKeys("id", "session_id", "step_number", "role", "content", "timestamp");
    }

    @Test
    void aSessionHasOneResponseRowPerStep() {
        List<String> uniqueConstraints = jdbc.queryForList("""
                SELECT pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = 'step_responses'::regclass AND contype = 'u'
                """, String.class);

        assertThat(uniqueConstraints).contains("UNIQUE (session_id, step_number)");
    }

    /** Migrations written in Java are beans, which Spring Boot hands to Flyway. */
    @Autowired
    List<JavaMigration> javaMigrations;

    @Test
    void everyMigrationOnTheClasspathWasAppliedSuccessfully() throws IOException {
        Resource[] migrations = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:db/migration/V*__*.sql");
        List<String> shipped = Stream.concat(
                        Arrays.stream(migrations)
                                .map(migration -> Objects.requireNonNull(migration.getFilename()))
                                .map(name -> name.substring(1, name.indexOf("__"))),
                        javaMigrations.stream().map(migration -> migration.getVersion().getVersion()))
                .toList();
        List<Map<String, Object>> applied = jdbc.queryForList(
                "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL");

        assertThat(shipped).contains("1", "2", "3", "12");
        assertThat(applied).extracting(row -> row.get("version")).containsExactlyInAnyOrderElementsOf(shipped);
        assertThat(applied).extracting(row -> row.get("success")).containsOnly(true);
    }

    private Map<String, String> columnTypes(String table) {
        Map<String, String> types = jdbc.query("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = ?
                """, resultSet -> {
            Map<String, String> columns = new HashMap<>();
            while (resultSet.next()) {
                columns.put(resultSet.getString("column_name"), resultSet.getString("data_type"));
            }
            return columns;
        }, table);
        assertThat(types).as("columns of table " + table).isNotEmpty();
        return types;
    }

    private long sequenceLastValue() {
        return jdbc.queryForObject("""
                SELECT coalesce(last_value, 0) FROM pg_sequences
                WHERE schemaname = current_schema() AND sequencename = ?
                """, Long.class, GLOBAL_INDEX_SEQUENCE);
    }

    private static long saved(ApiClient.Response response) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(200);
        return response.number("version");
    }
}
