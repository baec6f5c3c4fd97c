package io.workshopstate.platform.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.CapacityMonitor;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.queryhandling.QueryMessage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Axon's message metrics, the same meters under the same names, with one change: capacity (the share of
 * time a component is busy) is measured over the last {@link #CAPACITY_WINDOW} instead of ten minutes.
 * Axon keeps the duration of every message handled within that window; at the thousands of events a
 * second of a catching-up projection or a rebuild, ten minutes are millions of entries, more than the
 * whole heap the service runs with.
 */
@Configuration(proxyBeanMethods = false)
class AxonMetricsConfiguration {

    static final Duration CAPACITY_WINDOW = Duration.ofSeconds(10);

    @Bean
    GlobalMetricRegistry globalMetricRegistry(MeterRegistry meterRegistry) {
        return new BoundedCapacityMetricRegistry(meterRegistry);
    }

    /** Builds what Axon's registry builds for dimensional metrics, with the shorter capacity window. */
    static class BoundedCapacityMetricRegistry extends GlobalMetricRegistry {

        private final MeterRegistry registry;

        BoundedCapacityMetricRegistry(MeterRegistry registry) {
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
                    capacity(name, tags),
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
                    capacity(name, tags),
                    MessageCountingMonitor.buildMonitor(name, registry, tags));
        }

        private CapacityMonitor capacity(String name, Function<Message<?>, Iterable<Tag>> tags) {
            return CapacityMonitor.buildMonitor(name, registry, CAPACITY_WINDOW.toMillis(), TimeUnit.MILLISECONDS, tags);
        }
    }
}
