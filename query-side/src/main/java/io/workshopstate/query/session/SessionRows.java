package io.workshopstate.query.session;

import io.workshopstate.session.ParticipantSession;
import io.workshopstate.workshop.ParticipantProgress;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

interface SessionRows extends JpaRepository<SessionRow, UUID> {

    @Query("select s.version from SessionRow s where s.id = :id")
    Optional<Long> findVersion(UUID id);

    @Query("""
            select new io.workshopstate.session.ParticipantSession(s.id, s.workshopId, s.currentStep, s.updatedAt)
            from SessionRow s where s.participantId = :participantId
            order by s.updatedAt desc, s.id""")
    List<ParticipantSession> findByParticipant(String participantId);

    /** A step counts as answered once its current text is not empty. */
    @Query("""
            select new io.workshopstate.workshop.ParticipantProgress(s.id, s.participantId, s.currentStep,
                cast((select count(r) from StepResponseRow r where r.sessionId = s.id and r.responseText <> '') as int),
                s.startedAt, s.updatedAt)
            from SessionRow s where s.workshopId = :workshopId
            order by s.startedAt, s.id""")
    List<ParticipantProgress> findProgressByWorkshop(UUID workshopId);
}
