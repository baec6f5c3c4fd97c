package io.workshopstate.standalone;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/** The whole service started by a test on a database of its choosing, as often as the test needs. */
record RunningService(ConfigurableApplicationContext context, ApiClient api) implements AutoCloseable {

    /**
     * Settings as command-line arguments: they outrank both {@code server.port} in application.yml and
     * a {@code SPRING_DATASOURCE_URL} in the environment, which default properties would not.
     */
    static RunningService start(String databaseUrl, String... extraArguments) {
        return startWith(new Class<?>[0], databaseUrl, extraArguments);
    }

    /** Started with further configuration classes, such as handlers that exist only for a test. */
    static RunningService startWith(Class<?>[] extraSources, String databaseUrl, String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + TestDatabase.username(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--workshop.jwt.secret=" + Tokens.SECRET));
        arguments.addAll(List.of(extraArguments));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(StandaloneApplication.class)
                .sources(extraSources)
                .run(arguments.toArray(String[]::new));
        int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        return new RunningService(context, new ApiClient(port));
    }

    @Override
    public void close() {
        context.close();
    }
}
