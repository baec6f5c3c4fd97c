package io.workshopstate.query.projection;

import io.workshopstate.platform.observability.CorrelationId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs the projection's work on an event under the correlation id of the request that appended it, so a
 * save can be followed from its request's log line to the rows it changed. The per-event line is at
 * DEBUG; warnings and errors of the projection carry the id at any level.
 */
class CorrelationLogContext implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(CorrelationLogContext.class);

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        EventMessage<?> event = unitOfWork.getMessage();
        Object correlationId = event.getMetaData().get(CorrelationId.KEY);
        String outer = MDC.get(CorrelationId.KEY);
        if (correlationId != null) {
            MDC.put(CorrelationId.KEY, correlationId.toString());
        }
        try {
            Object result = chain.proceed();
            if (log.isDebugEnabled() && event instanceof DomainEventMessage<?> domainEvent) {
                log.debug("Projected {} #{} of {}", event.getPayloadType().getSimpleName(),
                        domainEvent.getSequenceNumber() + 1, domainEvent.getAggregateIdentifier());
            }
            return result;
        } finally {
            if (outer == null) {
                MDC.remove(CorrelationId.KEY);
            } else {
                MDC.put(CorrelationId.KEY, outer);
            }
        }
    }
}
