package io.workshopstate.query.session;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.util.List;
import java.util.UUID;

interface StepRevisionRows extends JpaRepository<StepRevisionRow, UUID> {

    List<StepRevisionRow> findBySessionIdAndStepNumberOrderByRevision(UUID sessionId, int stepNumber);

    @Modifying(flushAutomatically = true)
    @Query("UPDATE StepRevisionRow r SET r.responseText = '' WHERE r.sessionId = :sessionId")
    void eraseTextsOf(UUID sessionId);
}
