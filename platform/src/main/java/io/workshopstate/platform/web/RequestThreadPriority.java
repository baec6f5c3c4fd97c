package io.workshopstate.platform.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the threads that accept and answer HTTP requests below the process's other threads, so that when the
 * cores are saturated the projections (and the rest of the background work) are served before the next request
 * is. The operating system honours a Java thread priority only with {@code -XX:ThreadPriorityPolicy=1}, which
 * {@code jvm.options} sets; without it this changes nothing. A thread that a request thread starts inherits its
 * priority, as Java has it: background threads started so (the sessions' snapshots, the rebuild) set their own
 * back to normal.
 */
@Configuration(proxyBeanMethods = false)
class RequestThreadPriority {

    @Bean
    TomcatConnectorCustomizer requestThreadPriorityCustomizer(
            @Value("${workshop.request-threads.priority:" + Thread.NORM_PRIORITY + "}") int priority) {
        if (priority < Thread.MIN_PRIORITY || priority > Thread.MAX_PRIORITY) {
            throw new IllegalArgumentException("workshop.request-threads.priority must be between "
                    + Thread.MIN_PRIORITY + " and " + Thread.MAX_PRIORITY + ", not " + priority);
        }
        return connector -> {
            connector.setProperty("threadPriority", String.valueOf(priority));
            connector.setProperty("acceptorThreadPriority", String.valueOf(priority));
        };
    }
}
