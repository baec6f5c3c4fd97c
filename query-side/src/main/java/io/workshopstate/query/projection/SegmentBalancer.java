package io.workshopstate.query.projection;

import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Shares the projection's segments among the running query-side processes. Every process may claim
 * every segment, so one process alone projects everything and a dead process's segments are taken
 * over once its claims expire. A process gives up what exceeds its fair share only while another
 * live process holds less than its own: a released segment stands still until someone claims it, so
 * nothing is released to a process that has just died or already has enough.
 */
@Component
class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    private static final int NODE_TIMEOUT_SECONDS = 10;

    private final String nodeId;
    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;

    SegmentBalancer(ProjectionNode node, JdbcTemplate jdbc, EventProcessingConfiguration processing) {
        this.nodeId = node.id();
        this.jdbc = jdbc;
        this.processing = processing;
    }

    @Scheduled(initialDelayString = "${workshop.projection.balance-interval:2s}",
            fixedDelayString = "${workshop.projection.balance-interval:2s}")
    void balance() {
        jdbc.update("INSERT INTO query_side_nodes (node_id, heartbeat_at) VALUES (?, now()) "
                + "ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now()", nodeId);
        jdbc.update("DELETE FROM query_side_nodes WHERE heartbeat_at < now() - interval '1 hour'");
        List<String> liveNodes = jdbc.queryForList("SELECT node_id FROM query_side_nodes "
                + "WHERE heartbeat_at > now() - make_interval(secs => ?)", String.class, NODE_TIMEOUT_SECONDS);
        processing.eventProcessor(WorkshopViews.PROCESSING_GROUP, StreamingEventProcessor.class)
                .ifPresent(processor -> releaseToWaitingNodes(processor, liveNodes));
    }

    private void releaseToWaitingNodes(StreamingEventProcessor processor, List<String> liveNodes) {
        List<String> owners = jdbc.queryForList("SELECT owner FROM token_entry WHERE processor_name = ?",
                String.class, processor.getName());
        int segments = owners.size();
        Map<String, Long> claimsByNode = owners.stream().filter(Objects::nonNull)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        int nodes = Math.max(1, liveNodes.size());
        int fairShare = (segments + nodes - 1) / nodes;
        int leastShare = segments / nodes;
        boolean anotherNodeWaits = liveNodes.stream()
                .anyMatch(node -> !node.equals(nodeId) && claimsByNode.getOrDefault(node, 0L) < leastShare);
        if (!anotherNodeWaits) {
            return;
        }
        List<Integer> claimed = processor.processingStatus().keySet().stream().sorted().toList();
        for (Integer segment : claimed.subList(Math.min(fairShare, claimed.size()), claimed.size())) {
            log.info("Releasing segment {} of {}: {} query-side processes share {} segments, claims {}",
                    segment, processor.getName(), nodes, segments, claimsByNode);
            processor.releaseSegment(segment);
        }
    }

    @PreDestroy
    void leave() {
        jdbc.update("DELETE FROM query_side_nodes WHERE node_id = ?", nodeId);
    }
}
