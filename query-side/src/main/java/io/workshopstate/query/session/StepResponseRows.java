package io.workshopstate.query.session;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

interface StepResponseRows extends JpaRepository<StepResponseRow, UUID> {

    Optional<StepResponseRow> findBySessionIdAndStepNumber(UUID sessionId, int stepNumber);

    List<StepResponseRow> findBySessionIdOrderByStepNumber(UUID sessionId);
}
