package io.workshopstate.platform.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    static {
        // PostgreSQL keeps microseconds: stamping events at that precision makes a time read from the
        // event store, from a projected row and from an audit replay the same instant.
        GenericEventMessage.clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    private static final int MAX_CONFLICT_RETRIES = 8;
    private static final int RETRY_INTERVAL_MILLIS = 25;

    /**
     * Axon's own Jackson 2 mapper, kept apart from the API's JSON settings so that a change to
     * the HTTP format can never change how events are stored.
     */
    @Bean("defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Bean(destroyMethod = "shutdown")
    @Qualifier("commandRetryExecutor")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Two nodes appending to one aggregate at the same sequence number meet at the event store's
     * unique key; the loser is retried on the aggregate's new state. Every other failure is final.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus,
                                  @Qualifier("commandRetryExecutor") ScheduledExecutorService retryExecutor) {
        AppendConflictRetryScheduler retryScheduler = new AppendConflictRetryScheduler(IntervalRetryScheduler.builder()
                .retryExecutor(retryExecutor)
                .retryInterval(RETRY_INTERVAL_MILLIS)
                .maxRetryCount(MAX_CONFLICT_RETRIES));
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retryScheduler).build();
    }
}
