package io.workshopstate.query.projection;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ProjectionConfiguration {

    static final SequencingPolicy<? super EventMessage<?>> SEQUENCING_POLICY = SequentialPerAggregatePolicy.instance();

    /**
     * Axon's default logs a failing handler and moves on, which would leave the event out of the
     * read tables for good. Propagating rolls the batch back and the processor retries it.
     */
    @Autowired
    void retryFailedBatches(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(WorkshopViews.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }

    @Autowired
    void logUnderTheCausingRequest(EventProcessingConfigurer processing) {
        processing.registerHandlerInterceptor(WorkshopViews.PROCESSING_GROUP,
                configuration -> new CorrelationLogContext());
    }

    /**
     * Each session's events, and each workshop's, are projected in order; different sessions in
     * parallel, also those of one workshop. A session's row needs its workshop's row, which
     * {@code WorkshopBackfill} writes when the session gets there first.
     */
    @Autowired
    void sequenceBySessionOrWorkshop(EventProcessingConfigurer processing) {
        processing.registerSequencingPolicy(WorkshopViews.PROCESSING_GROUP,
                configuration -> SEQUENCING_POLICY);
    }
}
