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

    /**
     * New settings (in the PATCH's transaction, after the stream's version moved): an active stream is due now, so a
     * batch given back until a due time the old settings made (a longer maxSeconds, other eventTypes) is looked at
     * again with the new ones; a worker still holding the old ones sees the version differ and gives the stream back
     * for a recheck rather than until that time. So is a failing stream given back that way (wake_after is set only by
     * such a release; only a written batch clears FAILING, so a failure before its batch was recorded leaves it
     * waiting as FAILING); a failing stream given back after its failure keeps its retry time.
     */
    public void settingsChanged(Stream stream) {
        em.createNativeQuery("UPDATE stream_delivery SET settings_version = ?1, next_attempt_at = "
                + "CASE WHEN state = 'ACTIVE' OR wake_after IS NOT NULL THEN least(next_attempt_at, now()) ELSE next_attempt_at END "
                + "WHERE stream_id = ?2").setParameter(1, stream.version).setParameter(2, stream.id).executeUpdate();
    }

    /** A new stream's delivery row: ACTIVE, its cursor at the tenant's newest event (it delivers what comes next). */
    public void start(Stream stream, long cursor) {
        em.createNativeQuery("INSERT INTO stream_delivery (stream_id, org_id, sandbox_name, state, delivered_seq, "
                + "settings_version) VALUES (?1, ?2, ?3, 'ACTIVE', ?4, ?5)")
                .setParameter(1, stream.id).setParameter(2, stream.orgId).setParameter(3, stream.sandboxName)
                .setParameter(4, cursor).setParameter(5, stream.version).executeUpdate();
    }
}
