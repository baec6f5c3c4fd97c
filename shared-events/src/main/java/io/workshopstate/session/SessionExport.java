package io.workshopstate.session;

/** A session with the title of its workshop, from one consistent read. */
public record SessionExport(String workshopTitle, SessionView session) {
}
