package io.s3flow.export.event;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The events table's daily partitions: created ahead of time, and dropped whole once they are older than the
 * retention period <em>and</em> every stream has delivered past them. An undelivered event is never dropped.
 */
@ApplicationScoped
public class EventPartitions {

    private static final Logger LOG = Logger.getLogger(EventPartitions.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final long MAINTENANCE_LOCK = EventStore.APPEND_LOCK + 1;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EventsConfig config;
    @Inject
    MeterRegistry metrics;

    void onStart(@Observes StartupEvent start) {
        maintain();
    }

    @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            // replicas starting together must not race on CREATE TABLE
            try (Statement lock = connection.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(" + MAINTENANCE_LOCK + ")");
                // DROP waits for readers of event, and appends queue behind it: give up rather than stall ingestion
                lock.execute("SET LOCAL lock_timeout = '5s'");
            }
            for (int day = 0; day <= config.partitionsAhead(); day++) {
                create(connection, today.plusDays(day));
            }
            dropExpired(connection, Instant.now().minus(config.retention()));
            connection.commit();
        } catch (SQLException e) {
            LOG.errorf("event partition maintenance failed: %s", e.getMessage());
        }
    }

    private static void create(Connection connection, LocalDate day) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS " + nameOf(day) + " PARTITION OF event FOR VALUES FROM ('"
                    + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
        }
    }

    /** Partitions whose whole day is before {@code cutoff} and whose newest event every stream has delivered. */
    private void dropExpired(Connection connection, Instant cutoff) throws SQLException {
        List<String> droppable = new ArrayList<>();
        LocalDate cutoffDay = LocalDate.ofInstant(cutoff, ZoneOffset.UTC);
        try (PreparedStatement partitions = connection.prepareStatement("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'event'::regclass ORDER BY c.relname""");
                ResultSet rows = partitions.executeQuery()) {
            while (rows.next()) {
                String name = rows.getString(1);
                if (!name.matches("event_p\\d{8}")) {
                    continue; // not one of ours
                }
                LocalDate day = LocalDate.parse(name.substring("event_p".length()), SUFFIX);
                if (day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
                    continue;
                }
                if (deliveredEverywhere(connection, name)) {
                    droppable.add(name);
                } else {
                    LOG.warnf("partition %s is past retention but holds events a stream or an incremental export has not delivered; kept", name);
                }
            }
        }
        for (String name : droppable) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("DROP TABLE " + name);
            }
            metrics.counter("s3flow.events.partitions.dropped").increment();
            LOG.infof("dropped event partition %s (before %s, delivered by every stream)", name, cutoffDay);
        }
        if (!droppable.isEmpty()) {
            // ids are remembered as long as their events are: up to the start of the oldest day still kept
            LocalDate keptFrom = droppable.stream().map(n -> LocalDate.parse(n.substring("event_p".length()), SUFFIX))
                    .max(LocalDate::compareTo).orElseThrow().plusDays(1);
            try (PreparedStatement trim = connection.prepareStatement("DELETE FROM event_key WHERE ingested_at < ?")) {
                trim.setObject(1, keptFrom.atStartOfDay().atOffset(ZoneOffset.UTC));
                trim.executeUpdate();
            }
        }
    }

    /**
     * True when no stream's cursor, and no incremental export's high-water mark, is below this partition's newest
     * event of its tenant.
     */
    private static boolean deliveredEverywhere(Connection connection, String partition) throws SQLException {
        try (PreparedStatement check = connection.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM stream_delivery d WHERE "
                + "EXISTS (SELECT 1 FROM " + partition + " e WHERE e.org_id = d.org_id AND e.sandbox_name = d.sandbox_name "
                + "AND e.seq > d.delivered_seq)) AND NOT EXISTS (SELECT 1 FROM export_mark m JOIN export x ON x.id = m.export_id "
                + "WHERE EXISTS (SELECT 1 FROM " + partition + " e WHERE e.org_id = x.org_id AND e.sandbox_name = x.sandbox_name "
                + "AND e.seq > m.exported_seq))");
                ResultSet row = check.executeQuery()) {
            row.next();
            return row.getBoolean(1);
        }
    }

    static String nameOf(LocalDate day) {
        return "event_p" + SUFFIX.format(day);
    }
}
