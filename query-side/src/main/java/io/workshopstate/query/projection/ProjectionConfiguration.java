package io.workshopstate.query.projection;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ProjectionConfiguration {

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

    @Autowired
    void sequenceByWorkshop(EventProcessingConfigurer processing) {
        processing.registerSequencingPolicy(WorkshopViews.PROCESSING_GROUP,
                configuration -> new WorkshopSequencingPolicy());
    }
}
