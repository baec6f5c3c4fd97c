package io.workshopstate.query.freshness;

import io.workshopstate.query.projection.WorkshopViews;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FreshnessConfiguration {

    @Autowired
    void wakeReadersAfterEachCommit(EventProcessingConfigurer processing, ProjectionFreshness freshness) {
        processing.registerHandlerInterceptor(WorkshopViews.PROCESSING_GROUP, configuration -> (unitOfWork, chain) -> {
            unitOfWork.afterCommit(committed -> freshness.projectionCommitted());
            return chain.proceed();
        });
    }
}
