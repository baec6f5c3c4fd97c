package io.workshopstate.platform.observability;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;

/**
 * Writes one line per request (method, route, status, duration, correlation id) and makes the
 * correlation id known to everything the request does. It runs first, so refusals by the body limit
 * or the security chain are logged and timed too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLogFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger("io.workshopstate.requests");
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlationId = CorrelationId.acceptOrCreate(request.getHeader(CorrelationId.HEADER));
        long started = System.nanoTime();
        response.setHeader(CorrelationId.HEADER, correlationId);
        MDC.put(CorrelationId.KEY, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(CorrelationId.KEY);
            if (request.isAsyncStarted()) {
                // A stream (Server-Sent Events) ends long after this thread returns; log it when it does.
                request.getAsyncContext().addListener(new LogWhenDone(request, response, correlationId, started));
            } else {
                logRequest(request, response.getStatus(), correlationId, started);
            }
        }
    }

    private static void logRequest(HttpServletRequest request, int status, String correlationId, long started) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        // A request refused before it reached a controller (401, 413) has no route; its path stands in.
        String route = pattern == null ? request.getRequestURI() : pattern.toString();
        MDC.put(CorrelationId.KEY, correlationId);
        try {
            // Health probes and scrapes come every few seconds and would drown the requests that matter.
            boolean operations = request.getRequestURI().startsWith("/actuator");
            (operations ? log.atDebug() : log.atInfo())
                    .addKeyValue("method", request.getMethod())
                    .addKeyValue("route", route)
                    .addKeyValue("status", status)
                    .addKeyValue("durationMs", millis)
                    .log("{} {} {} {} ms", request.getMethod(), route, status, millis);
        } finally {
            MDC.remove(CorrelationId.KEY);
        }
    }

    private record LogWhenDone(HttpServletRequest request, HttpServletResponse response, String correlationId,
                               long started) implements AsyncListener {

        @Override
        public void onComplete(AsyncEvent event) {
            logRequest(request, response.getStatus(), correlationId, started);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}
