package io.s3flow.export.event;

import io.agroal.api.AgroalDataSource;
import io.s3flow.common.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * The append-only events table. A request's ids are remembered first (event_key; an id the tenant already sent is a
 * duplicate and skipped), then its new events are copied in (binary COPY) under the append lock with a block of
 * sequence numbers, so that sequence numbers commit in order while the lock is held only for the copy itself. Events
 * sent without an id get one made from their sequence number ({@link EventIds}): unique by construction, so not
 * remembered.
 */
@ApplicationScoped
public class EventStore {

    /**
     * Held by every appender until it commits, so sequence numbers commit in order (see V2__event.sql). Readers of
     * "the newest sequence so far" take it too.
     */
    public static final long APPEND_LOCK = 0x53_33_66_6c_6f_77_01L;

    /**
     * Ids of the form s3flow makes, sent back (read from a delivered file, say), whose event is stored: duplicates. An
     * id names its event's sequence number, so this reads the tenant's index at those numbers only.
     */
    private static final String MADE_IDS_STORED = """
            SELECT event_id FROM event WHERE org_id = ? AND sandbox_name = ? AND seq = ANY(?::bigint[]) AND event_id = ANY(?::text[])
            """;

    /**
     * The ids a client sent (outside the append lock, so concurrent requests do this part at the same time): the ones
     * new to the tenant come back. The rows go in sorted by id, so two requests sharing ids take their row locks in
     * the same order and wait for one another instead of deadlocking.
     */
    private static final String REMEMBER_IDS = """
            INSERT INTO event_key (org_id, sandbox_name, event_id, ingested_at)
            SELECT ?, ?, id, now() FROM unnest(?::text[]) AS i(id) ORDER BY id COLLATE "C"
            ON CONFLICT DO NOTHING
            RETURNING event_id
            """;

    /**
     * Then, under the append lock, a block of sequence numbers (every drawer of event_seq holds the lock), and the
     * transaction's time in microseconds since 2000-01-01 (PostgreSQL's epoch): the events' {@code ingested_at}, as
     * event_key's. The same statement advances the tenant's head to the block's last number (what delivery's claim
     * sees new events by): one round trip less under the lock. The head commits with the events (or rolls back if
     * their COPY fails), so no reader sees it ahead of them.
     */
    private static final String DRAW_SEQUENCES = "WITH drawn AS (SELECT setval('event_seq', nextval('event_seq') + ? - 1) AS last, "
            + "(extract(epoch FROM now() - timestamptz '2000-01-01 00:00:00+00') * 1000000)::bigint AS ingested_at), "
            + "head AS (" + EventHeads.advanceTo("(SELECT last FROM drawn)") + ") "
            + "SELECT last, ingested_at FROM drawn";

    /** Then the new events themselves, in one binary COPY. */
    private static final String COPY = "COPY event (seq, org_id, sandbox_name, event_id, type, event_time, user_id, "
            + "properties, size_bytes, ingested_at) FROM STDIN (FORMAT binary)";

    /** What one append stored: duplicates are events whose id the tenant had already sent (or sent twice here). */
    public record Appended(int stored, int duplicates, Long firstSequence, Long lastSequence) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Transactional
    public Appended append(Tenant tenant, List<IncomingEvent> events) {
        List<IncomingEvent> unique = firstOfEachId(events);
        if (unique.isEmpty()) {
            return new Appended(0, 0, null, null);
        }
        try (Connection connection = dataSource.getConnection()) {
            List<IncomingEvent> stored = newToTheTenant(connection, tenant, unique);
            if (stored.isEmpty()) {
                return new Appended(0, events.size(), null, null);
            }
            // the rows are encoded before the lock is taken; only their sequence numbers (and what depends on them) are
            // written in under it
            EventCopy copy = new EventCopy(tenant, stored);
            lockAppends(connection);
            long last;
            long ingestedAt;
            try (PreparedStatement draw = connection.prepareStatement(DRAW_SEQUENCES)) {
                draw.setLong(1, stored.size());
                draw.setString(2, tenant.org());
                draw.setString(3, tenant.sandbox());
                try (ResultSet row = draw.executeQuery()) {
                    row.next();
                    last = row.getLong(1);
                    ingestedAt = row.getLong(2);
                }
            }
            long first = last - stored.size() + 1;
            long copied = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, copy.numberedFrom(first, ingestedAt));
            if (copied != stored.size()) {
                throw new IllegalStateException("COPY stored " + copied + " events of " + stored.size());
            }
            return new Appended(stored.size(), events.size() - stored.size(), first, last);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("appending events failed", e);
        }
    }

    /**
     * The events to store: those sent without an id, and those whose id the tenant has not sent before (remembered
     * now, in event_key) and that is not the id s3flow made for one of its stored events.
     */
    private static List<IncomingEvent> newToTheTenant(Connection connection, Tenant tenant, List<IncomingEvent> unique)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        List<String> madeIds = new ArrayList<>();
        List<Long> madeSequences = new ArrayList<>();
        for (IncomingEvent event : unique) {
            if (event.id() != null) {
                ids.add(event.id());
                long sequence = EventIds.sequenceOf(event.id());
                if (sequence > 0) {
                    madeIds.add(event.id());
                    madeSequences.add(sequence);
                }
            }
        }
        if (ids.isEmpty()) {
            return unique;
        }
        if (!madeIds.isEmpty()) {
            ids.removeAll(madeIdsStored(connection, tenant, madeIds, madeSequences));
        }
        Set<String> fresh = ids.isEmpty() ? Set.of() : remember(connection, tenant, ids);
        List<IncomingEvent> stored = new ArrayList<>(unique.size());
        for (IncomingEvent event : unique) {
            if (event.id() == null || fresh.contains(event.id())) {
                stored.add(event);
            }
        }
        return stored;
    }

    private static Set<String> madeIdsStored(Connection connection, Tenant tenant, List<String> ids, List<Long> sequences)
            throws SQLException {
        Set<String> stored = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement(MADE_IDS_STORED)) {
            query.setString(1, tenant.org());
            query.setString(2, tenant.sandbox());
            query.setArray(3, connection.createArrayOf("bigint", sequences.toArray()));
            query.setArray(4, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
        }
        return stored;
    }

    private static Set<String> remember(Connection connection, Tenant tenant, List<String> ids) throws SQLException {
        Set<String> fresh = new HashSet<>();
        try (PreparedStatement remember = connection.prepareStatement(REMEMBER_IDS)) {
            remember.setString(1, tenant.org());
            remember.setString(2, tenant.sandbox());
            remember.setArray(3, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = remember.executeQuery()) {
                while (rows.next()) {
                    fresh.add(rows.getString(1));
                }
            }
        }
        return fresh;
    }

    /**
     * The newest sequence number stored for a tenant; events after it are the ones a stream created now delivers.
     * At least event_head's: once retention dropped every event, the newest stored is gone but the head the claim
     * compares a stream's cursor with is not, and a stream starting behind it would be leased each second for
     * nothing. Runs in the caller's transaction, which holds the append lock until it commits.
     */
    public long newestSequence(Tenant tenant) {
        try (Connection connection = dataSource.getConnection()) {
            lockAppends(connection);
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT greatest((SELECT max(seq) FROM event WHERE org_id = ? AND sandbox_name = ?), "
                            + "(SELECT last_seq FROM event_head WHERE org_id = ? AND sandbox_name = ?), 0)")) {
                query.setString(1, tenant.org());
                query.setString(2, tenant.sandbox());
                query.setString(3, tenant.org());
                query.setString(4, tenant.sandbox());
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the newest sequence failed", e);
        }
    }

    private static void lockAppends(Connection connection) throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.execute("SELECT pg_advisory_xact_lock(" + APPEND_LOCK + ")");
        }
    }

    /** The events without the repeats of an id within the request (events sent without one are all kept). */
    private static List<IncomingEvent> firstOfEachId(List<IncomingEvent> events) {
        Set<String> seen = new HashSet<>();
        List<IncomingEvent> unique = new ArrayList<>(events.size());
        for (IncomingEvent event : events) {
            if (event.id() == null || seen.add(event.id())) {
                unique.add(event);
            }
        }
        return unique;
    }
}
