package io.workshopstate.query.session;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.UUID;

interface StepResponseRows extends JpaRepository<StepResponseRow, UUID> {

    List<StepResponseRow> findBySessionIdOrderByStepNumber(UUID sessionId);
}
