package io.s3flow.export;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Many events at once, written straight into the events table (as ingestion would, under its append lock) for tests
 * whose subject is what happens after ingestion: a million events through the API would only make them slow.
 */
public final class EventRows {

    private static final long APPEND_LOCK = 0x53_33_66_6c_6f_77_01L;

    private EventRows() {
    }

    /** Events {@code prefix1 … prefixN} of one type, each with properties {@code {"n": i, "pad": "xxx…"}}. */
    public static void insert(AgroalDataSource dataSource, String org, String sandbox, String prefix, int count, int padding)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement lock = c.createStatement(); PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO event (seq, org_id, sandbox_name, event_id, type, event_time, user_id, properties, size_bytes, ingested_at)
                    SELECT nextval('event_seq'), ?, ?, ? || g, 'users.messages.email.Send', now(), 'user-' || g,
                           json_build_object('n', g, 'pad', repeat('x', ?))::text, 100 + ?, now()
                    FROM generate_series(1, ?) g""")) {
                lock.execute("SELECT pg_advisory_xact_lock(" + APPEND_LOCK + ")");
                insert.setString(1, org);
                insert.setString(2, sandbox);
                insert.setString(3, prefix);
                insert.setInt(4, padding);
                insert.setInt(5, padding);
                insert.setInt(6, count);
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
