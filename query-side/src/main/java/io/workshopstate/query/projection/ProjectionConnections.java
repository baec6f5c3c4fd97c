package io.workshopstate.query.projection;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The projection's threads take their connections from a pool of their own. In one pool with the requests,
 * a storm of saves kept every connection busy and the projection's reader and workers queued behind 20
 * requests for each one (three quarters of the reader's time in one profile), so the read tables fell
 * seconds behind the saves although both cores were shared fairly.
 * <p>
 * Which pool serves a thread is decided by its thread group: Axon's pooled processor runs its reader and
 * workers in groups named {@code Coordinator[workshop-views]} and {@code WorkPackage[workshop-views]}, and
 * the rebuild's threads are in groups named after {@link ProjectionRebuild#REBUILD_PROCESSOR}.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConnections {

    static final String APPLICATION_NAME = "workshop-state projection";
    private static final String LIVE_GROUP_SUFFIX = "[" + WorkshopViews.PROCESSING_GROUP + "]";

    /**
     * Wraps the application's pool. Spring closes the pool it made itself, not the wrapper, so the projection's
     * pool is closed beside it.
     */
    @Bean
    static BeanPostProcessor projectionConnectionPool(Environment environment, ObjectProvider<MeterRegistry> meters) {
        int size = Binder.get(environment).bind("workshop.projection.max-connections", Integer.class).orElse(10);
        return new DestructionAwareBeanPostProcessor() {

            private final Map<Object, ProjectionRoutingDataSource> wrapped = new IdentityHashMap<>();

            @Override
            public synchronized Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource requests && "dataSource".equals(beanName)) {
                    ProjectionRoutingDataSource routing = new ProjectionRoutingDataSource(requests, size, meters);
                    wrapped.put(requests, routing);
                    return routing;
                }
                return bean;
            }

            @Override
            public boolean requiresDestruction(Object bean) {
                return bean instanceof HikariDataSource;
            }

            @Override
            public synchronized void postProcessBeforeDestruction(Object bean, String beanName) {
                ProjectionRoutingDataSource routing = wrapped.remove(bean);
                if (routing != null) {
                    routing.closeProjectionPool();
                }
            }
        };
    }

    static boolean onProjectionThread() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        String name = group == null ? "" : group.getName();
        return name.endsWith(LIVE_GROUP_SUFFIX) || name.startsWith(ProjectionRebuild.REBUILD_PROCESSOR);
    }

    /** The application's data source: the projection's threads get their connections from the second pool. */
    static final class ProjectionRoutingDataSource extends DelegatingDataSource {

        private final HikariDataSource requests;
        private final int size;
        private final ObjectProvider<MeterRegistry> meters;
        private volatile HikariDataSource projection;
        private boolean closed;

        ProjectionRoutingDataSource(HikariDataSource requests, int size, ObjectProvider<MeterRegistry> meters) {
            super(requests);
            this.requests = requests;
            this.size = size;
            this.meters = meters;
        }

        /** Made when the projection first connects, when the metrics registry exists to count it. */
        private HikariDataSource projection() throws SQLException {
            HikariDataSource pool = projection;
            if (pool == null) {
                synchronized (this) {
                    if (closed) {
                        throw new SQLException("The projection's connection pool is closed");
                    }
                    if (projection == null) {
                        projection = newPool();
                    }
                    pool = projection;
                }
            }
            return pool;
        }

        private HikariDataSource newPool() {
            // Not copyStateTo: the copy would share the requests' data source properties.
            HikariConfig config = new HikariConfig();
            config.setPoolName("projection");
            config.setJdbcUrl(requests.getJdbcUrl());
            config.setDriverClassName(requests.getDriverClassName());
            config.setUsername(requests.getUsername());
            config.setPassword(requests.getPassword());
            config.setAutoCommit(requests.isAutoCommit());
            config.setConnectionTimeout(requests.getConnectionTimeout());
            config.setValidationTimeout(requests.getValidationTimeout());
            config.setIdleTimeout(requests.getIdleTimeout());
            config.setMaxLifetime(requests.getMaxLifetime());
            config.setKeepaliveTime(requests.getKeepaliveTime());
            config.setConnectionInitSql(requests.getConnectionInitSql());
            requests.getDataSourceProperties().forEach((name, value) -> config.addDataSourceProperty((String) name, value));
            config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(Math.min(2, size));
            // Like the requests' pool, it starts without a database and connects when first asked.
            config.setInitializationFailTimeout(-1);
            meters.ifAvailable(config::setMetricRegistry);
            return new HikariDataSource(config);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return onProjectionThread() ? projection().getConnection() : super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return onProjectionThread() ? projection().getConnection(username, password)
                    : super.getConnection(username, password);
        }

        void closeProjectionPool() {
            synchronized (this) {
                closed = true;
                if (projection != null) {
                    projection.close();
                }
            }
        }
    }
}
