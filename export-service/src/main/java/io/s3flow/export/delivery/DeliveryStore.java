package io.s3flow.export.delivery;

import io.s3flow.export.sink.Failure;
import io.agroal.api.AgroalDataSource;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.export.event.EventScan;
import io.s3flow.export.format.FileFormat;
import io.s3flow.export.keys.FileGroup;
import io.s3flow.export.lease.Leases;
import io.s3flow.common.aws.Encryption;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Delivery's view of PostgreSQL: leases on streams, the events after a cursor, and cursor moves. Every write that
 * moves delivery forward names the lease owner, so a replica that lost its lease changes nothing.
 */
@ApplicationScoped
public class DeliveryStore {

    private static final String TYPE_FILTER = " AND (?::text[] IS NULL OR type = ANY(?::text[]))";
    /** Back to ACTIVE and due now, if paused by whom the last parameter says (or by anyone when it is null). */
    private static final String RESUME = "UPDATE stream_delivery SET state = 'ACTIVE', paused_by = NULL, reason = NULL, "
            + "error_code = NULL, hint = NULL, connection_etag = NULL, attempts = 0, next_attempt_at = now() "
            + "WHERE stream_id = ? AND (?::text IS NULL OR paused_by = ?::text)";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EventScan scan;

    /**
     * Leases up to {@code limit} due streams nobody holds (or whose holder's lease ran out) and whose cursor is behind
     * their tenant's newest event (event_head, advanced in the events' own transaction): an idle stream costs one
     * comparison here, not a lease, a load, a peek and a release a second, nor a probe of the events' index. A stream
     * given back until its batch is due ({@link #releaseUntilDue}) is due then, or once woken: its tenant has events
     * after the head its worker had seen and the recheck interval has passed. Each claim gets a token of its own, so a
     * worker that lost its lease (even to another thread of this replica) can move nothing; it returns the stream's
     * settings and cursor, read with the lease (no load after it).
     */
    public List<ClaimedStream> claim(String owner, int limit, Duration lease) throws SQLException {
        long leasedAt = System.nanoTime();
        return Leases.claim(dataSource, """
                UPDATE stream_delivery d SET lease_owner = ? || ':' || gen_random_uuid(),
                    lease_until = now() + ? * interval '1 millisecond',
                    next_attempt_at = least(d.next_attempt_at, now()), wake_seq = NULL, wake_after = NULL
                FROM stream s, event_head h
                WHERE d.stream_id IN (
                    SELECT w.stream_id FROM stream_delivery w
                    JOIN event_head wh ON wh.org_id = w.org_id AND wh.sandbox_name = w.sandbox_name
                    WHERE w.state <> 'PAUSED' AND (w.lease_until IS NULL OR w.lease_until < now())
                      AND wh.last_seq > w.delivered_seq
                      AND (w.next_attempt_at <= now() OR (wh.last_seq > w.wake_seq AND w.wake_after <= now()))
                    ORDER BY least(w.next_attempt_at, w.wake_after) LIMIT ? FOR UPDATE OF w SKIP LOCKED)
                  AND s.id = d.stream_id AND h.org_id = d.org_id AND h.sandbox_name = d.sandbox_name
                RETURNING d.stream_id, d.lease_owner, """ + WORK_COLUMNS, owner, lease, limit,
                (claim, row) -> new ClaimedStream(claim, work(claim.id(), row, 3), leasedAt));
    }

    public boolean renew(UUID streamId, String owner, Duration lease) throws SQLException {
        return update("UPDATE stream_delivery SET lease_until = now() + ? * interval '1 millisecond' "
                + "WHERE stream_id = ? AND lease_owner = ?", lease.toMillis(), streamId, owner) == 1;
    }

    /**
     * Gives the stream back, due again in {@code recheckIn} (a later retry time set by a failure stays), so that
     * streams take turns in the queue instead of the oldest ones being claimed over and over.
     */
    public void release(UUID streamId, String owner, Duration recheckIn) throws SQLException {
        update("UPDATE stream_delivery SET " + GIVE_BACK + " WHERE stream_id = ? AND lease_owner = ?",
                recheckIn.toMillis(), streamId, owner);
    }

    /** The assignments that give a stream back, due again in a number of milliseconds (its one parameter). */
    private static final String GIVE_BACK = "lease_owner = NULL, lease_until = NULL, "
            + "next_attempt_at = greatest(next_attempt_at, now() + ? * interval '1 millisecond')";

    /**
     * Gives back a stream whose batch is not due yet until it is: {@code dueAt}, its oldest wanted event's ingestion +
     * maxSeconds, as the worker read them. Sooner if its tenant gets events after the head the worker had seen (they
     * may fill the batch), but not before {@code recheckIn}: a steady trickle of events leases it at most that often,
     * not on every ingestion commit. Settings changed since the worker read them (a PATCH, which also made the stream
     * due), or a due time already past by the database's clock (the JVM's disagrees), make it a plain recheck.
     */
    public void releaseUntilDue(StreamWork work, String owner, Instant dueAt, Duration recheckIn) throws SQLException {
        OffsetDateTime due = dueAt.atOffset(ZoneOffset.UTC);
        // <=, not =: a PATCH through a replica older than settings_version (a rolling update) moves only the stream's
        // version, and that must not turn every later wait of the stream into a recheck a second
        update("""
                UPDATE stream_delivery SET lease_owner = NULL, lease_until = NULL,
                    wake_seq = ?, wake_after = now() + ? * interval '1 millisecond',
                    next_attempt_at = CASE WHEN settings_version <= ? AND ? > now() THEN ?
                                           ELSE now() + ? * interval '1 millisecond' END
                WHERE stream_id = ? AND lease_owner = ?""", work.head(), recheckIn.toMillis(), work.settingsVersion(),
                due, due, recheckIn.toMillis(), work.streamId(), owner);
    }

    public Optional<StreamWork> load(UUID streamId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT " + WORK_COLUMNS + """
                 FROM stream s JOIN stream_delivery d ON d.stream_id = s.id
                LEFT JOIN event_head h ON h.org_id = d.org_id AND h.sandbox_name = d.sandbox_name WHERE s.id = ?""")) {
            q.setObject(1, streamId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(work(streamId, r, 1)) : Optional.empty();
            }
        }
    }

    /** The stream's settings (s), cursor (d) and tenant head (h) that {@link #work} reads. */
    private static final String WORK_COLUMNS = """
            s.org_id, s.sandbox_name, s.connection_id, s.folder_path, s.format, s.compression, s.event_types,
            s.flush_max_events, s.flush_max_bytes, s.flush_max_seconds, s.sse_algorithm, s.sse_kms_key_id,
            d.delivered_seq, d.pending_end_seq, d.next_end_seq, d.attempts, s.bucket, s.key_prefix, s.version,
            coalesce(h.last_seq, d.delivered_seq)""";

    /** {@link #WORK_COLUMNS}, from column {@code at} on. */
    private static StreamWork work(UUID streamId, ResultSet r, int at) throws SQLException {
        Array types = r.getArray(at + 6);
        return new StreamWork(streamId, new Tenant(r.getString(at), r.getString(at + 1)), r.getObject(at + 2, UUID.class),
                r.getString(at + 3), new FileFormat(r.getString(at + 4), r.getString(at + 5)),
                types == null ? null : Arrays.asList((String[]) types.getArray()),
                r.getInt(at + 7), r.getLong(at + 8), Duration.ofSeconds(r.getInt(at + 9)),
                Encryption.of(r.getString(at + 10), r.getString(at + 11)),
                r.getLong(at + 12), (Long) r.getObject(at + 13), (Long) r.getObject(at + 14), r.getInt(at + 15),
                r.getString(at + 16), r.getString(at + 17), r.getLong(at + 18), r.getLong(at + 19));
    }

    /** Up to {@code limit} undelivered events of the stream, oldest first. */
    public List<EventMeta> peek(StreamWork work, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT seq, size_bytes, ingested_at, type, event_time FROM event WHERE org_id = ? AND sandbox_name = ? AND seq > ?"
                        + TYPE_FILTER + " ORDER BY seq LIMIT ?")) {
            int i = bindUndelivered(c, q, work);
            q.setInt(i, limit);
            List<EventMeta> events = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    events.add(new EventMeta(r.getLong(1), r.getInt(2), r.getTimestamp(3).toInstant(),
                            FileGroup.of(r.getString(4), r.getTimestamp(5).toInstant())));
                }
            }
            return events;
        }
    }

    /**
     * Records the batch (cursor, endSequence] about to become visible, so a retry writes the very same files; only if
     * the cursor still stands where the batch was read from and the batch was planned with the stream's current
     * settings (a PATCH since they were read, e.g. another event type, could otherwise have the cursor pass events the
     * new settings want: the caller reads them again). {@code <=} as in {@link #releaseUntilDue}.
     */
    public boolean markPending(StreamWork work, String owner, long endSequence) throws SQLException {
        return update("UPDATE stream_delivery SET pending_end_seq = ? WHERE stream_id = ? AND lease_owner = ? "
                + "AND pending_end_seq IS NULL AND delivered_seq = ? AND settings_version <= ?", endSequence,
                work.streamId(), owner, work.deliveredSequence(), work.settingsVersion()) == 1;
    }

    /**
     * Records the batch (pendingEnd, endSequence] to be written while the pending batch's files complete, before any of
     * it is written: a replica taking the stream over writes the very same two batches. Only behind the pending batch
     * it follows, only while this worker holds the lease and only with the settings the batch was planned with still
     * current (as {@link #markPending}).
     */
    public boolean markNext(StreamWork work, String owner, long pendingEnd, long endSequence) throws SQLException {
        return update("UPDATE stream_delivery SET next_end_seq = ? WHERE stream_id = ? AND lease_owner = ? "
                + "AND pending_end_seq = ? AND next_end_seq IS NULL AND settings_version <= ?", endSequence,
                work.streamId(), owner, pendingEnd, work.settingsVersion()) == 1;
    }

    /**
     * Moves the cursor over newer events the stream does not want (other types), so they do not hold back retention.
     * One statement, one snapshot: it moves only if no wanted event lies in between.
     */
    public void skipUnwanted(StreamWork work, String owner) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement u = c.prepareStatement("""
                WITH newest AS (SELECT max(seq) AS seq FROM event WHERE org_id = ? AND sandbox_name = ? AND seq > ?)
                UPDATE stream_delivery d SET delivered_seq = newest.seq FROM newest, stream s
                WHERE d.stream_id = ? AND s.id = d.stream_id AND d.lease_owner = ? AND d.pending_end_seq IS NULL
                  AND d.delivered_seq = ? AND newest.seq IS NOT NULL AND s.event_types IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM event e WHERE e.org_id = ? AND e.sandbox_name = ? AND e.seq > ?
                                  AND e.seq <= newest.seq AND e.type = ANY(s.event_types))""")) {
            u.setString(1, work.tenant().org());
            u.setString(2, work.tenant().sandbox());
            u.setLong(3, work.deliveredSequence());
            u.setObject(4, work.streamId());
            u.setString(5, owner);
            u.setLong(6, work.deliveredSequence());
            u.setString(7, work.tenant().org());
            u.setString(8, work.tenant().sandbox());
            u.setLong(9, work.deliveredSequence());
            u.executeUpdate();
        }
    }

    /** Streams the batch's events, in sequence order, through a server-side cursor (memory stays flat). */
    public long forEachEvent(StreamWork work, long endSequence, EventScan.EventSink sink) throws SQLException, java.io.IOException {
        String[] types = work.eventTypes() == null ? null : work.eventTypes().toArray(String[]::new);
        return scan.forEach(work.tenant(), work.deliveredSequence(), endSequence, TYPE_FILTER, Arrays.<Object>asList(types, types), sink);
    }

    /**
     * The batch is in the bucket: the cursor moves to its end, the batch written ahead (if any) is now the pending one,
     * the stream is healthy again and the lease is renewed (as {@link #renew} would, in the same statement), only while
     * this worker holds the lease and the batch is the pending one.
     */
    public boolean commit(UUID streamId, String owner, Duration lease, long endSequence, long events, long files)
            throws SQLException {
        return update(COMMIT.formatted("lease_until = now() + ? * interval '1 millisecond'"),
                lease.toMillis(), endSequence, events, files, streamId, owner, endSequence) == 1;
    }

    /**
     * {@link #commit} of a stream's last batch for now, giving the stream back in the same statement (as
     * {@link #release} would): one statement less for each stream that caught up.
     */
    public boolean commitAndRelease(UUID streamId, String owner, Duration recheckIn, long endSequence, long events, long files)
            throws SQLException {
        return update(COMMIT.formatted(GIVE_BACK), recheckIn.toMillis(), endSequence, events, files, streamId, owner, endSequence) == 1;
    }

    /** A commit: what becomes of the lease (one parameter) is its first assignment. */
    private static final String COMMIT = """
                UPDATE stream_delivery SET %s,
                    delivered_seq = ?, pending_end_seq = next_end_seq, next_end_seq = NULL,
                    delivered_events = delivered_events + ?, delivered_files = delivered_files + ?, last_delivery_at = now(),
                    attempts = 0, state = CASE WHEN state = 'FAILING' THEN 'ACTIVE' ELSE state END,
                    reason = CASE WHEN state = 'FAILING' THEN NULL ELSE reason END,
                    error_code = CASE WHEN state = 'FAILING' THEN NULL ELSE error_code END,
                    hint = CASE WHEN state = 'FAILING' THEN NULL ELSE hint END
                WHERE stream_id = ? AND lease_owner = ? AND pending_end_seq = ?""";

    /** A transient failure: FAILING, tried again after {@code retryIn}. */
    public void failing(UUID streamId, String owner, Failure failure, int attempts, Duration retryIn) throws SQLException {
        update("UPDATE stream_delivery SET state = 'FAILING', reason = ?, error_code = ?, hint = ?, attempts = ?, "
                        + "next_attempt_at = now() + ? * interval '1 millisecond' WHERE stream_id = ? AND lease_owner = ? AND state <> 'PAUSED'",
                failure.reason(), failure.errorCode(), failure.hint(), attempts, retryIn.toMillis(), streamId, owner);
    }

    /** A failure only the user can fix: PAUSED at once, remembering the connection's etag to notice the fix. */
    public void pauseForUser(UUID streamId, String owner, Failure failure, String connectionEtag) throws SQLException {
        update("UPDATE stream_delivery SET state = 'PAUSED', paused_by = 'ERROR', reason = ?, error_code = ?, hint = ?, "
                        + "connection_etag = ? WHERE stream_id = ? AND lease_owner = ?",
                failure.reason(), failure.errorCode(), failure.hint(), connectionEtag, streamId, owner);
    }

    /**
     * How far a backlog is counted: a status or a gauge reads at most this many of a stream's events, however far
     * behind the stream is (counting a paused stream's million waiting events row by row, every 15 s for the gauge,
     * kept PostgreSQL busy at rest). A backlog of exactly this many means at least this many. A stream with
     * {@code eventTypes} still reads its tenant's other events on the way (the events' index has no type): a paused
     * one whose types are rare behind a large backlog of others costs what it did before the limit.
     */
    public static final int BACKLOG_COUNT_LIMIT = 10_000;

    /**
     * A stream's events accepted but not yet in the bucket (counted up to {@link #BACKLOG_COUNT_LIMIT}), and when the
     * oldest of them was accepted.
     */
    public record Backlog(UUID streamId, long events, Instant oldestIngestedAt) {
    }

    /**
     * The backlog of one stream, or of every stream when {@code streamId} is null. Without JIT compilation: the
     * planner's estimate over many streams passes {@code jit_above_cost}, and compiling took 2.5 s of a 2.9 s read of
     * 12 streams' 10,000 events each (0.4 s without).
     */
    public List<Backlog> backlogs(UUID streamId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean ownTransaction = c.getAutoCommit();
            if (ownTransaction) {
                c.setAutoCommit(false); // SET LOCAL lasts until the transaction ends
            }
            try {
                try (Statement jit = c.createStatement()) {
                    jit.execute("SET LOCAL jit = off");
                }
                return backlogs(c, streamId);
            } finally {
                if (ownTransaction) {
                    c.rollback(); // it only read
                    c.setAutoCommit(true);
                }
            }
        }
    }

    private static List<Backlog> backlogs(Connection c, UUID streamId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                SELECT d.stream_id, b.events, b.oldest FROM stream_delivery d JOIN stream s ON s.id = d.stream_id
                LEFT JOIN event_head h ON h.org_id = d.org_id AND h.sandbox_name = d.sandbox_name
                CROSS JOIN LATERAL (
                    -- per stream, its first events after the cursor in sequence order, through the (tenant, seq) index
                    -- and at most the limit: the cost is bounded however far behind the stream is; and none for a
                    -- stream at its tenant's head (a one-time filter: no probe of any partition). The oldest is among
                    -- the first, as events are accepted in sequence order.
                    SELECT count(*) AS events, min(w.ingested_at) AS oldest FROM (
                        SELECT e.ingested_at FROM event e
                        WHERE h.last_seq > d.delivered_seq
                          AND e.org_id = d.org_id AND e.sandbox_name = d.sandbox_name AND e.seq > d.delivered_seq
                          AND (s.event_types IS NULL OR e.type = ANY(s.event_types))
                        ORDER BY e.seq LIMIT ?) w) b
                WHERE ?::uuid IS NULL OR d.stream_id = ?::uuid""")) {
            q.setInt(1, BACKLOG_COUNT_LIMIT);
            q.setObject(2, streamId);
            q.setObject(3, streamId);
            List<Backlog> backlogs = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    Timestamp oldest = r.getTimestamp(3);
                    backlogs.add(new Backlog(r.getObject(1, UUID.class), r.getLong(2), oldest == null ? null : oldest.toInstant()));
                }
            }
            return backlogs;
        }
    }

    /** Streams paused by an error, with the connection etag they paused at. */
    public record PausedByError(UUID streamId, Tenant tenant, UUID connectionId, String connectionEtag) {
    }

    public List<PausedByError> pausedByError() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT d.stream_id, d.org_id, d.sandbox_name, s.connection_id, d.connection_etag FROM stream_delivery d "
                        + "JOIN stream s ON s.id = d.stream_id WHERE d.state = 'PAUSED' AND d.paused_by = 'ERROR'")) {
            List<PausedByError> paused = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    paused.add(new PausedByError(r.getObject(1, UUID.class), new Tenant(r.getString(2), r.getString(3)),
                            r.getObject(4, UUID.class), r.getString(5)));
                }
            }
            return paused;
        }
    }

    /** Back to ACTIVE and due now; {@code onlyIfPausedBy} keeps an automatic resume off a stream the user paused. */
    public boolean resume(UUID streamId, String onlyIfPausedBy) throws SQLException {
        return update(RESUME, streamId, onlyIfPausedBy, onlyIfPausedBy) == 1;
    }

    /** A user's resume, whoever paused the stream. */
    public void resumeByUser(UUID streamId) {
        updateForUser(RESUME, streamId, null, null);
    }

    public void pauseByUser(UUID streamId) {
        updateForUser("UPDATE stream_delivery SET state = 'PAUSED', paused_by = 'USER', reason = 'Paused by a user.', "
                + "error_code = NULL, hint = NULL WHERE stream_id = ?", streamId);
    }

    /** A user's request: a failing database is a 500 as any unexpected error is, not a checked exception for the API. */
    private void updateForUser(String sql, Object... args) {
        try {
            update(sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException("updating the stream's delivery failed", e);
        }
    }

    /** Binds the tenant, the cursor and the type filter: the stream's events not yet delivered. */
    private int bindUndelivered(Connection c, PreparedStatement q, StreamWork work) throws SQLException {
        q.setString(1, work.tenant().org());
        q.setString(2, work.tenant().sandbox());
        q.setLong(3, work.deliveredSequence());
        Array types = work.eventTypes() == null ? null : c.createArrayOf("text", work.eventTypes().toArray());
        q.setArray(4, types);
        q.setArray(5, types);
        return 6;
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement u = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                u.setObject(i + 1, args[i]);
            }
            return u.executeUpdate();
        }
    }
}
