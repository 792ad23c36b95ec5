package io.s3flow.export.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.s3flow.common.remote.Refused;
import io.s3flow.export.connection.ConnectionChecks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import org.jboss.logging.Logger;

/** Resumes a stream that an error paused as soon as its connection changes (new etag): the user fixed something. */
@ApplicationScoped
public class ConnectionWatcher {

    private static final Logger LOG = Logger.getLogger(ConnectionWatcher.class);

    private final DeliveryStore store;
    /** Shared with delivery: many streams paused on one connection cost one check. */
    private final ConnectionChecks connections;
    private final DeliveryConfig config;
    /** Rounds over the paused streams completed. */
    private final Counter checks;

    ConnectionWatcher(DeliveryStore store, ConnectionChecks connections, DeliveryConfig config, MeterRegistry metrics) {
        this.store = store;
        this.connections = connections;
        this.config = config;
        this.checks = metrics.counter("s3flow.delivery.resume.checks");
    }

    @Scheduled(every = "${s3flow.delivery.resume-check:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resumeChanged() {
        if (!config.enabled()) {
            return;
        }
        try {
            for (DeliveryStore.PausedByError paused : store.pausedByError()) {
                String etag;
                try {
                    etag = connections.current(paused.tenant(), paused.connectionId()).etag();
                } catch (Refused gone) {
                    continue; // deleted, or no bucket any more: stays paused with its reason
                }
                if (!Objects.equals(etag, paused.connectionEtag()) && store.resume(paused.streamId(), "ERROR")) {
                    LOG.infof("stream %s resumed: its connection changed", paused.streamId());
                }
            }
            checks.increment();
        } catch (Exception e) {
            LOG.warnf("could not check paused streams' connections: %s", e.getMessage());
        }
    }
}
