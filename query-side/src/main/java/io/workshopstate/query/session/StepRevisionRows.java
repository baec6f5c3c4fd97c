package io.workshopstate.query.session;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.UUID;

interface StepRevisionRows extends JpaRepository<StepRevisionRow, UUID> {

    List<StepRevisionRow> findBySessionIdAndStepNumberOrderByRevision(UUID sessionId, int stepNumber);
}
