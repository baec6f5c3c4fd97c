package io.workshopstate.standalone;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole service on a random port, on real PostgreSQL, driven over HTTP only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "workshop.jwt.secret=" + Tokens.SECRET)
abstract class HttpIntegrationTest {

    @LocalServerPort
    int port;

    ApiClient api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @BeforeEach
    void connect() {
        api = new ApiClient(port);
    }

    /** A user id no other test uses, so tests on a shared database never see each other's data. */
    static String uniqueUser(String role) {
        return role + "-" + UUID.randomUUID();
    }

    String createWorkshop(String facilitatorToken, int stepCount) {
        ApiClient.Response created = api.post("/api/workshops", facilitatorToken,
                Map.of("title", "Design sprint", "stepCount", stepCount));
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        return created.text("workshopId");
    }

    String startSession(String participantToken, String workshopId) {
        ApiClient.Response started = api.post("/api/workshop/session/create", participantToken,
                Map.of("workshopId", workshopId));
        assertThat(started.status()).as(started.rawBody()).isIn(200, 201);
        return started.text("sessionId");
    }

    ApiClient.Response saveStep(String participantToken, String sessionId, int stepNumber, String responseText) {
        ApiClient.Response saved = api.post("/api/workshop/save", participantToken,
                Map.of("sessionId", sessionId, "stepNumber", stepNumber, "responseText", responseText));
        assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
        return saved;
    }
}
