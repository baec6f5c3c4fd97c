package io.workshopstate.platform.eventstore;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AppendConflictRetrySchedulerTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final AppendConflictRetryScheduler scheduler = new AppendConflictRetryScheduler(
            IntervalRetryScheduler.builder().retryExecutor(executor).retryInterval(1).maxRetryCount(2));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void retriesAConflictWhoseCauseIsTheDatabasesKeyViolation() throws InterruptedException {
        RuntimeException keyViolation = new IllegalStateException("could not execute statement",
                new SQLException("duplicate key value violates unique constraint", "23505"));
        CountDownLatch retried = new CountDownLatch(1);

        boolean scheduled = scheduler.scheduleRetry(GenericCommandMessage.asCommandMessage("save"),
                new ConcurrencyException("already inserted", keyViolation), List.of(), retried::countDown);

        assertThat(scheduled).isTrue();
        assertThat(retried.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void retriesTwoRacingCreations() {
        assertThat(scheduler.scheduleRetry(GenericCommandMessage.asCommandMessage("start"),
                new AggregateStreamCreationException("already created"), List.of(), () -> { })).isTrue();
    }

    @Test
    void neverRetriesAnyOtherFailure() {
        assertThat(scheduler.scheduleRetry(GenericCommandMessage.asCommandMessage("save"),
                new IllegalArgumentException("step out of range"), List.of(), () -> { })).isFalse();
    }

    @Test
    void givesUpAfterItsRetries() {
        List<Class<? extends Throwable>[]> threeFailures = List.of(conflict(), conflict(), conflict());
        assertThat(scheduler.scheduleRetry(GenericCommandMessage.asCommandMessage("save"),
                new ConcurrencyException("already inserted"), threeFailures, () -> { })).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Throwable>[] conflict() {
        return new Class[]{ConcurrencyException.class};
    }
}
