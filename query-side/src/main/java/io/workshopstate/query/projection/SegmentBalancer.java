package io.workshopstate.query.projection;

import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/**
 * Shares the projection's segments among the running query-side processes. Every process may claim
 * every segment, so one process alone projects everything and a dead process's segments are taken
 * over once its claims expire; when several run, each gives up what exceeds its fair share, and an
 * idle thread of another process claims it.
 */
@Component
class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    private static final int NODE_TIMEOUT_SECONDS = 10;

    private final String nodeId = UUID.randomUUID().toString();
    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;

    SegmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.processing = processing;
    }

    @Scheduled(initialDelayString = "${workshop.projection.balance-interval:2s}",
            fixedDelayString = "${workshop.projection.balance-interval:2s}")
    void balance() {
        jdbc.update("INSERT INTO query_side_nodes (node_id, heartbeat_at) VALUES (?, now()) "
                + "ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now()", nodeId);
        jdbc.update("DELETE FROM query_side_nodes WHERE heartbeat_at < now() - interval '1 hour'");
        Integer liveNodes = jdbc.queryForObject("SELECT count(*) FROM query_side_nodes "
                + "WHERE heartbeat_at > now() - make_interval(secs => ?)", Integer.class, NODE_TIMEOUT_SECONDS);
        processing.eventProcessor(WorkshopViews.PROCESSING_GROUP, TrackingEventProcessor.class)
                .ifPresent(processor -> releaseBeyondFairShare(processor, Math.max(1, liveNodes)));
    }

    private void releaseBeyondFairShare(TrackingEventProcessor processor, int liveNodes) {
        Integer segments = jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?",
                Integer.class, processor.getName());
        int fairShare = (segments + liveNodes - 1) / liveNodes;
        List<Integer> claimed = processor.processingStatus().keySet().stream().sorted().toList();
        for (Integer segment : claimed.subList(Math.min(fairShare, claimed.size()), claimed.size())) {
            log.info("Releasing segment {} of {}: {} query-side processes share {} segments",
                    segment, processor.getName(), liveNodes, segments);
            processor.releaseSegment(segment);
        }
    }

    @PreDestroy
    void leave() {
        jdbc.update("DELETE FROM query_side_nodes WHERE node_id = ?", nodeId);
    }
}
