package io.workshopstate.platform.eventstore;

import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;

/**
 * Retries a command that lost an append race, and no other. Axon's {@code nonTransientFailurePredicate} cannot
 * say that: Axon asks it about the failure and about each of its causes separately, and gives up as soon as any
 * one of them is called final. An append conflict always has a cause that is not a conflict itself (the
 * database's unique-key violation), so "final unless a conflict" made every conflict final.
 */
class AppendConflictRetryScheduler extends IntervalRetryScheduler {

    AppendConflictRetryScheduler(Builder builder) {
        super(builder);
    }

    @Override
    protected boolean isExplicitlyNonTransient(Throwable failure) {
        return !AppendConflicts.isAppendConflict(failure);
    }
}
