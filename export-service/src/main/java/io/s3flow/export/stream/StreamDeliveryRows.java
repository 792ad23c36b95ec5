package io.s3flow.export.stream;

import io.s3flow.export.delivery.DeliveryStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/** A stream's row in stream_delivery, as the API needs it: created with the stream, read as its live status. */
@ApplicationScoped
public class StreamDeliveryRows {

    @Inject
    EntityManager em;
    @Inject
    DeliveryStore delivery;

    public StreamItem.StreamStatus statusOf(Stream stream) {
        Object[] d = (Object[]) em.createNativeQuery("""
                SELECT state, reason, error_code, hint, delivered_events, delivered_files, last_delivery_at
                FROM stream_delivery WHERE stream_id = ?1""").setParameter(1, stream.id).getSingleResult();
        DeliveryStore.Backlog backlog;
        try {
            backlog = delivery.backlogs(stream.id).get(0);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the stream's backlog failed", e);
        }
        Instant oldest = backlog.oldestIngestedAt();
        return new StreamItem.StreamStatus((String) d[0], (String) d[1], (String) d[2], (String) d[3], backlog.events(),
                oldest == null ? null : Math.max(0, Duration.between(oldest, Instant.now()).toSeconds()),
                ((Number) d[4]).longValue(), ((Number) d[5]).longValue(), toInstant(d[6]));
    }

    private static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    /** A new stream's delivery row: ACTIVE, its cursor at the tenant's newest event (it delivers what comes next). */
    public void start(Stream stream, long cursor) {
        em.createNativeQuery("INSERT INTO stream_delivery (stream_id, org_id, sandbox_name, state, delivered_seq) "
                + "VALUES (?1, ?2, ?3, 'ACTIVE', ?4)")
                .setParameter(1, stream.id).setParameter(2, stream.orgId).setParameter(3, stream.sandboxName)
                .setParameter(4, cursor).executeUpdate();
    }
}
