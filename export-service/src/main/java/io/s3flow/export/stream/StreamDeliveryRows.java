package io.s3flow.export.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/** A stream's row in stream_delivery, as the API needs it: created with the stream, read as its live status. */
@ApplicationScoped
public class StreamDeliveryRows {

    private final EntityManager em;

    StreamDeliveryRows(EntityManager em) {
        this.em = em;
    }

    public StreamItem.StreamStatus statusOf(Stream stream) {
        Object[] d = (Object[]) em.createNativeQuery("""
                SELECT state, reason, error_code, hint, delivered_seq, delivered_events, delivered_files, last_delivery_at
                FROM stream_delivery WHERE stream_id = ?1""").setParameter(1, stream.id).getSingleResult();
        Object[] backlog = (Object[]) em.createNativeQuery("""
                SELECT count(*), min(ingested_at) FROM event WHERE org_id = ?1 AND sandbox_name = ?2 AND seq > ?3
                AND (cast(?4 as text[]) IS NULL OR type = ANY(cast(?4 as text[])))""")
                .setParameter(1, stream.orgId).setParameter(2, stream.sandboxName).setParameter(3, ((Number) d[4]).longValue())
                .setParameter(4, stream.eventTypes == null ? null : arrayLiteral(stream.eventTypes))
                .getSingleResult();
        Instant oldest = toInstant(backlog[1]);
        return new StreamItem.StreamStatus((String) d[0], (String) d[1], (String) d[2], (String) d[3],
                ((Number) backlog[0]).longValue(),
                oldest == null ? null : Math.max(0, Duration.between(oldest, Instant.now()).toSeconds()),
                ((Number) d[5]).longValue(), ((Number) d[6]).longValue(), toInstant(d[7]));
    }

    /** Types are letters, digits and {@code ._-}, so quoting each keeps a type named NULL a string. */
    private static String arrayLiteral(String[] types) {
        return "{" + String.join(",", java.util.Arrays.stream(types).map(t -> '"' + t + '"').toList()) + "}";
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
