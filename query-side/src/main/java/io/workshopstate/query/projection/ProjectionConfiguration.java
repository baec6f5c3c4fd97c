package io.workshopstate.query.projection;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
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
}
