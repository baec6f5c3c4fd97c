package io.workshopstate.query.session;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.util.List;
import java.util.UUID;

interface ChatMessageRows extends JpaRepository<ChatMessageRow, UUID> {

    List<ChatMessageRow> findBySessionIdOrderBySessionVersion(UUID sessionId);

    @Modifying(flushAutomatically = true)
    @Query("UPDATE ChatMessageRow m SET m.content = '' WHERE m.sessionId = :sessionId")
    void eraseContentOf(UUID sessionId);
}
