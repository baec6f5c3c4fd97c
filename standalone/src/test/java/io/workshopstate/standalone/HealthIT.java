package io.workshopstate.standalone;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Container health checks and orchestrators probe without a token; nothing else of the actuator is public. */
class HealthIT extends HttpIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"})
    void healthAnswersUpWithoutAToken(String path) {
        ApiClient.Response health = api.get(path, null);

        assertThat(health.status()).as(health.rawBody()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump"})
    void otherActuatorEndpointsAreNotExposed(String path) {
        ApiClient.Response endpoint = api.get(path, null);

        assertThat(endpoint.status()).as(endpoint.rawBody()).isEqualTo(404);
    }
}
