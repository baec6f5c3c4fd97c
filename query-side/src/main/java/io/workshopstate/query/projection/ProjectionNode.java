package io.workshopstate.query.projection;

/** @param id the owner name of this application's segment claims in {@code token_entry} */
record ProjectionNode(String id) {
}
