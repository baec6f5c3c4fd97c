package io.workshopstate.query.projection;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ProjectionConfiguration {

    static final SequencingPolicy<? super EventMessage<?>> SEQUENCING_POLICY = SequentialPerAggregatePolicy.instance();

    /**
     * The name this application claims the projection's segments under, and announces itself with to
     * {@link SegmentBalancer}. Axon's default, "pid@host", would be shared by two applications in one JVM,
     * and each would take the other's claims for its own.
     */
    @Bean
    ProjectionNode projectionNode() {
        byte[] suffix = new byte[4];
        ThreadLocalRandom.current().nextBytes(suffix);
        return new ProjectionNode(ManagementFactory.getRuntimeMXBean().getName() + "/" + HexFormat.of().formatHex(suffix));
    }

    /**
     * Tokens in {@code token_entry} through plain SQL, in the transaction of the batch they follow: storing a
     * segment's token is one UPDATE, where the JPA store selected the row for update first and wrote it at
     * commit, two round trips in every batch.
     */
    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer, TokenStoreProperties properties,
                          ProjectionNode node) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .serializer(serializer)
                .claimTimeout(properties.getClaimTimeout())
                .nodeId(node.id())
                .build();
    }

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
