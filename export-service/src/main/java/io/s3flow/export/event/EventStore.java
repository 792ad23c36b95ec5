package io.s3flow.export.event;

import io.agroal.api.AgroalDataSource;
import io.s3flow.common.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The append-only events table: one multi-row insert per request, duplicates (by tenant and id) skipped. */
@ApplicationScoped
public class EventStore {

    /**
     * Held by every appender until it commits, so sequence numbers commit in order (see V2__event.sql). Readers of
     * "the newest sequence so far" take it too.
     */
    static final long APPEND_LOCK = 0x53_33_66_6c_6f_77_01L;

    private static final String INSERT = """
            WITH input AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::int[]) WITH ORDINALITY
                    AS i(event_id, type, time_ms, user_id, properties, size_bytes, ord)
            ), fresh AS (
                INSERT INTO event_key (org_id, sandbox_name, event_id, ingested_at)
                SELECT ?, ?, event_id, now() FROM input
                ON CONFLICT DO NOTHING
                RETURNING event_id
            )
            INSERT INTO event (seq, org_id, sandbox_name, event_id, type, event_time, user_id, properties, size_bytes, ingested_at)
            SELECT nextval('event_seq'), ?, ?, i.event_id, i.type, to_timestamp(i.time_ms / 1000.0), i.user_id,
                   i.properties, i.size_bytes, now()
            FROM input i JOIN fresh f ON f.event_id = i.event_id
            ORDER BY i.ord
            RETURNING seq
            """;

    /** What one append stored: duplicates are events whose id the tenant had already sent (or sent twice here). */
    public record Appended(int stored, int duplicates, Long firstSequence, Long lastSequence) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Transactional
    public Appended append(Tenant tenant, List<IncomingEvent> events) {
        List<IncomingEvent> unique = firstOfEachId(events);
        if (unique.isEmpty()) {
            return new Appended(0, events.size(), null, null);
        }
        int n = unique.size();
        String[] ids = new String[n];
        String[] types = new String[n];
        Long[] times = new Long[n];
        String[] users = new String[n];
        String[] properties = new String[n];
        Integer[] sizes = new Integer[n];
        for (int i = 0; i < n; i++) {
            IncomingEvent e = unique.get(i);
            ids[i] = e.id();
            types[i] = e.type();
            times[i] = e.time().toEpochMilli();
            users[i] = e.userId();
            properties[i] = e.propertiesJson();
            sizes[i] = e.sizeBytes();
        }
        try (Connection connection = dataSource.getConnection()) {
            lockAppends(connection);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setArray(1, connection.createArrayOf("text", ids));
                insert.setArray(2, connection.createArrayOf("text", types));
                insert.setArray(3, connection.createArrayOf("bigint", times));
                insert.setArray(4, connection.createArrayOf("text", users));
                insert.setArray(5, connection.createArrayOf("text", properties));
                insert.setArray(6, connection.createArrayOf("integer", sizes));
                insert.setString(7, tenant.org());
                insert.setString(8, tenant.sandbox());
                insert.setString(9, tenant.org());
                insert.setString(10, tenant.sandbox());
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                int stored = 0;
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        long seq = rows.getLong(1);
                        first = Math.min(first, seq);
                        last = Math.max(last, seq);
                        stored++;
                    }
                }
                return stored == 0
                        ? new Appended(0, events.size(), null, null)
                        : new Appended(stored, events.size() - stored, first, last);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("appending events failed", e);
        }
    }

    /**
     * The newest sequence number stored for a tenant; events after it are the ones a stream created now delivers.
     * Runs in the caller's transaction, which holds the append lock until it commits.
     */
    public long newestSequence(Tenant tenant) {
        try (Connection connection = dataSource.getConnection()) {
            lockAppends(connection);
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT coalesce(max(seq), 0) FROM event WHERE org_id = ? AND sandbox_name = ?")) {
                query.setString(1, tenant.org());
                query.setString(2, tenant.sandbox());
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

    private static List<IncomingEvent> firstOfEachId(List<IncomingEvent> events) {
        Set<String> seen = new HashSet<>();
        List<IncomingEvent> unique = new ArrayList<>(events.size());
        for (IncomingEvent event : events) {
            if (seen.add(event.id())) {
                unique.add(event);
            }
        }
        return unique;
    }
}
