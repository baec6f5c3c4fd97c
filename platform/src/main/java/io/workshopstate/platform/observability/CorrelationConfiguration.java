package io.workshopstate.platform.observability;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Carries the request's correlation id from the HTTP thread into the command's metadata, and from the
 * command into the metadata of every event it appends, where it stays for good.
 */
@Configuration(proxyBeanMethods = false)
class CorrelationConfiguration {

    /**
     * Replaces Axon's default provider, whose {@code correlationId} would be the command's message id:
     * a value no client or log line knows. Static, because Axon needs it while building the command
     * gateway that this configuration's other method is injected with.
     */
    @Bean
    static CorrelationDataProvider requestCorrelation() {
        return new SimpleCorrelationDataProvider(CorrelationId.KEY);
    }

    /** On the gateway, not the bus: the gateway's retries dispatch again from a thread without the MDC. */
    @Autowired
    void tagCommandsWithTheRequest(CommandGateway commandGateway) {
        commandGateway.registerDispatchInterceptor(new RequestCorrelationInterceptor());
    }

    private static final class RequestCorrelationInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

        @Override
        public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                List<? extends CommandMessage<?>> messages) {
            return (index, command) -> {
                String correlationId = MDC.get(CorrelationId.KEY);
                return correlationId == null || command.getMetaData().containsKey(CorrelationId.KEY)
                        ? command
                        : command.andMetaData(Map.of(CorrelationId.KEY, correlationId));
            };
        }
    }
}
