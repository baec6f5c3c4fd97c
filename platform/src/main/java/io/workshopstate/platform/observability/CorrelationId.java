package io.workshopstate.platform.observability;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id that ties one request to everything it caused: its log lines, the events it appended (their
 * metadata) and the projection's work on those events. A client may bring its own in the
 * {@value #HEADER} header; otherwise the service makes one.
 */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";
    /** The key in the logging MDC and in Axon message metadata alike, so one search finds both. */
    public static final String KEY = "correlationId";

    /** Anything else could forge log lines or bloat every stored event, so it is replaced, not trusted. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private CorrelationId() {
    }

    static String acceptOrCreate(String offered) {
        return offered != null && ACCEPTED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }
}
