package io.workshopstate.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Both sides measure themselves on a schedule (event store size, projection lag). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfiguration {

    /**
     * Declared so scheduled work gets threads of its own. Without it, Spring would run every scheduled
     * task on the single thread of the command gateway's retry executor (the only executor bean), and a
     * measurement stuck on an unreachable database would hold up the retries of commands.
     */
    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("scheduled-");
        return scheduler;
    }
}
