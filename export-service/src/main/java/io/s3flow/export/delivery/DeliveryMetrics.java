package io.s3flow.export.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Per-stream gauges for Prometheus: events not yet delivered, and how long the oldest of them has waited. */
@ApplicationScoped
public class DeliveryMetrics {

    private static final Logger LOG = Logger.getLogger(DeliveryMetrics.class);

    private final DeliveryStore store;
    private final MultiGauge backlog;
    private final MultiGauge oldestAge;

    DeliveryMetrics(DeliveryStore store, MeterRegistry metrics) {
        this.store = store;
        this.backlog = MultiGauge.builder("s3flow.stream.backlog")
                .description("Events accepted but not yet in the bucket, counted up to " + DeliveryStore.BACKLOG_COUNT_LIMIT)
                .register(metrics);
        this.oldestAge = MultiGauge.builder("s3flow.stream.oldest.undelivered.seconds")
                .description("Age of the oldest undelivered event").register(metrics);
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        List<MultiGauge.Row<?>> counts = new ArrayList<>();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        Instant now = Instant.now();
        try {
            for (DeliveryStore.Backlog stream : store.backlogs(null)) {
                Tags tags = Tags.of("stream", stream.streamId().toString());
                counts.add(MultiGauge.Row.of(tags, stream.events()));
                ages.add(MultiGauge.Row.of(tags, stream.oldestIngestedAt() == null ? 0
                        : Duration.between(stream.oldestIngestedAt(), now).toSeconds()));
            }
        } catch (SQLException e) {
            LOG.warnf("could not refresh stream metrics: %s", e.getMessage());
            return;
        }
        backlog.register(counts, true);
        oldestAge.register(ages, true);
    }
}
