package io.s3flow.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3flow.export.event.EventHeads;
import io.s3flow.export.event.EventStore;
import io.s3flow.export.readback.PostedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Many events at once, written straight into the events table (as ingestion would, under its append lock) for tests
 * whose subject is what happens after ingestion: a million events through the API would only make them slow.
 */
public final class EventRows {

    private EventRows() {
    }

    /**
     * Events {@code prefix1 … prefixN} of one type, each with properties {@code {"n": i, "pad": "xxx…"}}, ingested now
     * and happening now (to the millisecond, as ingestion stores times).
     */
    public static void insert(DataSource dataSource, String org, String sandbox, String prefix, int count, int padding)
            throws SQLException {
        insert(dataSource, org, sandbox, prefix, count, padding, false, null);
    }

    /**
     * As {@link #insert(DataSource, String, String, String, int, int)}, ingested (and happening) at
     * {@code ingestedAt}, and with their ids remembered as ingestion remembers them (event_key).
     */
    public static void insertIngestedAt(DataSource dataSource, String org, String sandbox, String prefix, int count,
            Instant ingestedAt) throws SQLException {
        insert(dataSource, org, sandbox, prefix, count, 0, false, ingestedAt);
    }

    /**
     * As {@link #insert(DataSource, String, String, String, int, int)}, each event with a pad of 128 hex digits of its
     * own, its id's SHA-512 ({@code properties.pad}, after {@code n}): what a real payload is to dictionaries and
     * compressors, where a repeated pad would shrink to nothing. Written with the row, so each row is written once.
     */
    public static void insertWithDigestPads(DataSource dataSource, String org, String sandbox, String prefix, int count)
            throws SQLException {
        insert(dataSource, org, sandbox, prefix, count, 128, true, null);
    }

    /** How many ids starting with {@code prefix} the tenant has remembered in event_key (ids it sent, not made ones). */
    public static int rememberedIds(DataSource dataSource, String org, String sandbox, String prefix) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM event_key WHERE org_id = ? AND sandbox_name = ? AND event_id LIKE ?")) {
            q.setString(1, org);
            q.setString(2, sandbox);
            q.setString(3, prefix + "%");
            try (ResultSet row = q.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** The tenant's stored events whose ids start with {@code prefix}, in sequence order, as the database holds them. */
    public static Map<String, PostedEvent> stored(DataSource dataSource, String org, String sandbox, String prefix)
            throws SQLException, JsonProcessingException {
        Map<String, PostedEvent> events = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT event_id, type, event_time, "
                + "user_id, properties FROM event WHERE org_id = ? AND sandbox_name = ? AND event_id LIKE ? ORDER BY seq")) {
            q.setString(1, org);
            q.setString(2, sandbox);
            q.setString(3, prefix + "%");
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    events.put(r.getString(1), new PostedEvent(r.getString(1), r.getString(2), r.getTimestamp(3).toInstant(),
                            r.getString(4), (ObjectNode) PostedEvent.JSON.readTree(r.getString(5))));
                }
            }
        }
        return events;
    }

    /**
     * A pad of {@code padding} characters: 'x's, or (128) hex digits of the SHA-512 of the event's id when
     * {@code digests}. The rows take a block of sequence numbers drawn at once, as ingestion does, and their
     * properties are written as text (n is a number, a pad holds nothing to escape): a sequence call and a JSON
     * builder a row made a million rows take twice as long.
     */
    private static void insert(DataSource dataSource, String org, String sandbox, String prefix, int count, int padding,
            boolean digests, Instant ingestedAt) throws SQLException {
        if (count == 0) {
            return;   // a block of no numbers would move the sequence back by one
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement lock = c.createStatement(); PreparedStatement draw = c.prepareStatement(
                    "SELECT setval('event_seq', nextval('event_seq') + ? - 1)"); PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO event (seq, org_id, sandbox_name, event_id, type, event_time, user_id, properties, size_bytes, ingested_at)
                    SELECT ?::bigint + g, ?, ?, id, 'users.messages.email.Send',
                           coalesce(?::timestamptz, date_trunc('milliseconds', now())), 'user-' || g,
                           '{"n": ' || g || ', "pad": "' || CASE WHEN ? THEN encode(sha512(convert_to(id, 'UTF8')), 'hex')
                               ELSE repeat('x', ?) END || '"}', 100 + ?, coalesce(?::timestamptz, now())
                    FROM (SELECT g, ? || g AS id FROM generate_series(1, ?) g) rows""")) {
                lock.execute("SELECT pg_advisory_xact_lock(" + EventStore.APPEND_LOCK + ")");
                long last;
                draw.setInt(1, count);
                try (ResultSet drawn = draw.executeQuery()) {
                    drawn.next();
                    last = drawn.getLong(1);
                }
                OffsetDateTime at = ingestedAt == null ? null : ingestedAt.atOffset(ZoneOffset.UTC);
                insert.setLong(1, last - count);
                insert.setString(2, org);
                insert.setString(3, sandbox);
                insert.setObject(4, at, Types.TIMESTAMP_WITH_TIMEZONE);
                insert.setBoolean(5, digests);
                insert.setInt(6, padding);
                insert.setInt(7, padding);
                insert.setObject(8, at, Types.TIMESTAMP_WITH_TIMEZONE);
                insert.setString(9, prefix);
                insert.setInt(10, count);
                insert.executeUpdate();
                try (PreparedStatement head = c.prepareStatement(EventHeads.advanceTo("?"))) { // as ingestion does
                    head.setString(1, org);
                    head.setString(2, sandbox);
                    head.setLong(3, last);
                    head.executeUpdate();
                }
                if (ingestedAt != null) {
                    try (PreparedStatement keys = c.prepareStatement("INSERT INTO event_key (org_id, sandbox_name, event_id, ingested_at) "
                            + "SELECT ?, ?, ? || g, ?::timestamptz FROM generate_series(1, ?) g")) {
                        keys.setString(1, org);
                        keys.setString(2, sandbox);
                        keys.setString(3, prefix);
                        keys.setObject(4, at, Types.TIMESTAMP_WITH_TIMEZONE);
                        keys.setInt(5, count);
                        keys.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
