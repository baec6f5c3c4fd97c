package io.workshopstate.query.session;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.util.List;
import java.util.UUID;

interface StepResponseRows extends JpaRepository<StepResponseRow, UUID> {

    List<StepResponseRow> findBySessionIdOrderByStepNumber(UUID sessionId);

    @Modifying(flushAutomatically = true)
    @Query("UPDATE StepResponseRow r SET r.responseText = '', r.characterCount = 0 WHERE r.sessionId = :sessionId")
    void eraseTextsOf(UUID sessionId);
}
