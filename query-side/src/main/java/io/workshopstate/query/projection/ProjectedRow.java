package io.workshopstate.query.projection;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

import java.util.UUID;

/**
 * A row whose id is known before it is stored. Without this, Spring Data would take every new row for
 * an existing one and read it back before inserting it.
 */
@MappedSuperclass
public abstract class ProjectedRow implements Persistable<UUID> {

    @Transient
    private boolean stored;

    @Override
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        stored = true;
    }
}
