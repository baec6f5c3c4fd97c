package io.workshopstate.platform.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.queryhandling.QueryMessage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.Function;

/**
 * Axon's message metrics, the same meters under the same names, without capacity (the share of time a
 * component is busy). Axon measures capacity by keeping the duration of every message handled in the
 * last ten minutes, in reservoirs it makes per tag set and trims only when they are used: at the thousands
 * of events a second of a catching-up projection that is hundreds of thousands of entries, and a big
 * backlog ran the service out of its heap. Timers, counters and the processors' latency remain.
 */
@Configuration(proxyBeanMethods = false)
class AxonMetricsConfiguration {

    @Bean
    GlobalMetricRegistry globalMetricRegistry(MeterRegistry meterRegistry) {
        return new BoundedMetricRegistry(meterRegistry);
    }

    /** Builds what Axon's registry builds for dimensional metrics, less the capacity monitors. */
    static class BoundedMetricRegistry extends GlobalMetricRegistry {

        private final MeterRegistry registry;

        BoundedMetricRegistry(MeterRegistry registry) {
            super(registry);
            this.registry = registry;
        }

        @Override
        public MessageMonitor<? super EventMessage<?>> registerEventProcessor(
                String name, Function<Message<?>, Iterable<Tag>> tags, Function<Message<?>, Iterable<Tag>> latencyTags) {
            return new MultiMessageMonitor<>(
                    MessageTimerMonitor.buildMonitor(name, registry, tags),
                    EventProcessorLatencyMonitor.builder().meterNamePrefix(name).meterRegistry(registry)
                            .tagsBuilder(latencyTags).build(),
                    MessageCountingMonitor.buildMonitor(name, registry, tags));
        }

        @Override
        public MessageMonitor<? super CommandMessage<?>> registerCommandBus(
                String name, Function<Message<?>, Iterable<Tag>> tags) {
            return handlerMonitor(name, tags);
        }

        @Override
        public MessageMonitor<? super QueryMessage<?, ?>> registerQueryBus(
                String name, Function<Message<?>, Iterable<Tag>> tags) {
            return handlerMonitor(name, tags);
        }

        private MessageMonitor<Message<?>> handlerMonitor(String name, Function<Message<?>, Iterable<Tag>> tags) {
            return new MultiMessageMonitor<>(
                    MessageTimerMonitor.buildMonitor(name, registry, tags),
                    MessageCountingMonitor.buildMonitor(name, registry, tags));
        }
    }
}
