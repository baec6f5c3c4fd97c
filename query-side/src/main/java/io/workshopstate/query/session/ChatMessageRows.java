package io.workshopstate.query.session;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.UUID;

interface ChatMessageRows extends JpaRepository<ChatMessageRow, UUID> {

    List<ChatMessageRow> findBySessionIdOrderBySessionVersion(UUID sessionId);
}
