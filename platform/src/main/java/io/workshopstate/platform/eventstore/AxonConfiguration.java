package io.workshopstate.platform.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

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

    /**
     * The threads that run retried commands. Held in a type of its own: a bean that is a
     * ScheduledExecutorService would become the scheduler of every @Scheduled task in the process.
     */
    static final class CommandRetryThreads implements DisposableBean {

        private static final int THREADS = 4;

        private final AtomicInteger created = new AtomicInteger();
        private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "command-retry-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });

        @Override
        public void destroy() {
            executor.shutdown();
        }
    }

    @Bean
    CommandRetryThreads commandRetryThreads() {
        return new CommandRetryThreads();
    }

    /**
     * Two nodes appending to one aggregate at the same sequence number meet at the event store's
     * unique key; the loser is retried on the aggregate's new state. Every other failure is final.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, CommandRetryThreads retryThreads) {
        AppendConflictRetryScheduler retryScheduler = new AppendConflictRetryScheduler(IntervalRetryScheduler.builder()
                .retryExecutor(retryThreads.executor)
                .retryInterval(RETRY_INTERVAL_MILLIS)
                .maxRetryCount(MAX_CONFLICT_RETRIES));
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retryScheduler).build();
    }
}
