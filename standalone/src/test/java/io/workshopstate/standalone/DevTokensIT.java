package io.workshopstate.standalone;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev profile's token route, the newcomer's way in with curl. Its context is closed afterwards so its
 * projection does not hold segments the other tests' application waits for.
 */
@ActiveProfiles("dev")
@DirtiesContext
class DevTokensIT extends HttpIntegrationTest {

    @Test
    void aDevTokenIsAcceptedByTheApiWithItsSubjectAndRoles() {
        String userId = uniqueUser("facilitator");

        ApiClient.Response issued = api.post("/dev/tokens", null, Map.of("sub", userId, "roles", List.of("facilitator")));
        assertThat(issued.status()).as(issued.rawBody()).isEqualTo(200);
        ApiClient.Response created = api.post("/api/workshops", issued.text("token"),
                Map.of("title", "Tried with curl", "stepCount", 2));

        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        assertThat(created.text("facilitatorId")).isEqualTo(userId);
    }

    @Test
    void aDevTokenWithoutRolesIsAParticipantsToken() {
        ApiClient.Response issued = api.post("/dev/tokens", null, Map.of("sub", uniqueUser("participant")));
        assertThat(issued.status()).as(issued.rawBody()).isEqualTo(200);
        String token = issued.text("token");

        assertThat(api.get("/api/me/sessions", token).status()).isEqualTo(200);
        assertThat(api.post("/api/workshops", token, Map.of("title", "Not mine to make", "stepCount", 2)).status())
                .isEqualTo(403);
    }
}
