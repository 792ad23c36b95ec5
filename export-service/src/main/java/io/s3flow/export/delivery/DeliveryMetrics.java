package io.s3flow.export.delivery;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Per-stream gauges for Prometheus: events not yet delivered, and how long the oldest of them has waited. */
@ApplicationScoped
public class DeliveryMetrics {

    private static final Logger LOG = Logger.getLogger(DeliveryMetrics.class);

    private final AgroalDataSource dataSource;
    private final MultiGauge backlog;
    private final MultiGauge oldestAge;

    DeliveryMetrics(AgroalDataSource dataSource, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.backlog = MultiGauge.builder("s3flow.stream.backlog").description("Events accepted but not yet in the bucket")
                .register(metrics);
        this.oldestAge = MultiGauge.builder("s3flow.stream.oldest.undelivered.seconds")
                .description("Age of the oldest undelivered event").register(metrics);
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        List<MultiGauge.Row<?>> counts = new ArrayList<>();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT d.stream_id, count(e.seq), min(e.ingested_at) FROM stream_delivery d JOIN stream s ON s.id = d.stream_id
                LEFT JOIN event e ON e.org_id = d.org_id AND e.sandbox_name = d.sandbox_name AND e.seq > d.delivered_seq
                    AND (s.event_types IS NULL OR e.type = ANY(s.event_types))
                GROUP BY d.stream_id""");
                ResultSet r = q.executeQuery()) {
            while (r.next()) {
                Tags stream = Tags.of("stream", r.getString(1));
                counts.add(MultiGauge.Row.of(stream, r.getLong(2)));
                Timestamp oldest = r.getTimestamp(3);
                ages.add(MultiGauge.Row.of(stream, oldest == null ? 0 : Duration.between(oldest.toInstant(), now).toSeconds()));
            }
        } catch (SQLException e) {
            LOG.warnf("could not refresh stream metrics: %s", e.getMessage());
            return;
        }
        backlog.register(counts, true);
        oldestAge.register(ages, true);
    }
}
