package io.s3flow.export.event;

import io.agroal.api.AgroalDataSource;
import io.s3flow.common.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads a tenant's events in a sequence range, in order, through a server-side cursor: memory stays flat however many
 * there are. {@code condition} narrows them further ({@code " AND …"} with its parameters; a String[] is a text[]).
 */
@ApplicationScoped
public class EventScan {

    /** An event consumer that may fail with I/O. */
    public interface EventSink {
        void accept(StoredEvent event) throws IOException;
    }

    private static final int FETCH_SIZE = 1000;

    @Inject
    AgroalDataSource dataSource;

    /** Every event in (after, upTo] meeting the condition, oldest first; returns how many. */
    public long forEach(Tenant tenant, long after, long upTo, String condition, List<Object> params, EventSink sink)
            throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            // a cursor needs a transaction; it only reads, so it is rolled back
            c.setAutoCommit(false);
            try (java.sql.Statement plan = c.createStatement()) {
                // read in index order: for a large tenant the planner otherwise sorts the whole range on disk before
                // the first row (a second or more per million events, growing with the tenant)
                plan.execute("SET LOCAL enable_sort = off");
            }
            try (PreparedStatement q = c.prepareStatement("SELECT seq, event_id, type, event_time, user_id, properties FROM event "
                    + "WHERE org_id = ? AND sandbox_name = ? AND seq > ? AND seq <= ?" + condition + " ORDER BY seq")) {
                q.setFetchSize(FETCH_SIZE);
                bind(c, q, tenant, after, upTo, params);
                long n = 0;
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        sink.accept(new StoredEvent(r.getLong(1), r.getString(2), r.getString(3),
                                r.getTimestamp(4).toInstant(), r.getString(5), r.getString(6)));
                        n++;
                    }
                }
                return n;
            } finally {
                try {
                    c.rollback();
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    /** How many events {@link #forEach} would read. */
    public long count(Tenant tenant, long after, long upTo, String condition, List<Object> params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM event WHERE org_id = ? AND sandbox_name = ? AND seq > ? AND seq <= ?" + condition)) {
            bind(c, q, tenant, after, upTo, params);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void bind(Connection c, PreparedStatement q, Tenant tenant, long after, long upTo, List<Object> params)
            throws SQLException {
        q.setString(1, tenant.org());
        q.setString(2, tenant.sandbox());
        q.setLong(3, after);
        q.setLong(4, upTo);
        int i = 5;
        for (Object param : params) {
            if (param == null || param instanceof String[]) {
                q.setArray(i++, param == null ? null : c.createArrayOf("text", (String[]) param));
            } else {
                q.setObject(i++, param);
            }
        }
    }
}
