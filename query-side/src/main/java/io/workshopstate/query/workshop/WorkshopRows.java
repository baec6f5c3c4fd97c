package io.workshopstate.query.workshop;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.util.Optional;
import java.util.UUID;

public interface WorkshopRows extends JpaRepository<WorkshopRow, UUID> {

    @Query("select w.version from WorkshopRow w where w.id = :id")
    Optional<Long> findVersion(UUID id);
}
