package io.workshopstate.command.workshop;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.UUID;

interface KnownWorkshopRepository extends JpaRepository<KnownWorkshop, UUID> {
}
