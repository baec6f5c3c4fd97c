package io.workshopstate.query.freshness;

import io.workshopstate.platform.eventstore.ChangeNotifier;
import io.workshopstate.query.projection.WorkshopViews;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FreshnessConfiguration {

    private static final String WAKES_READERS = FreshnessConfiguration.class.getName() + ".wakesReaders";

    /** Once per batch: the interceptor sees each of the batch's events, but they commit together. */
    @Autowired
    void wakeReadersAfterEachCommit(EventProcessingConfigurer processing, ProjectionFreshness freshness,
                                    ChangeNotifier notifier) {
        processing.registerHandlerInterceptor(WorkshopViews.PROCESSING_GROUP, configuration -> (unitOfWork, chain) -> {
            unitOfWork.root().getOrComputeResource(WAKES_READERS, key -> {
                unitOfWork.root().afterCommit(committed -> {
                    freshness.projectionCommitted();
                    notifier.projectionAdvanced();
                });
                return Boolean.TRUE;
            });
            return chain.proceed();
        });
    }
}
