package io.s3flow.export.run;

import io.agroal.api.AgroalDataSource;
import io.s3flow.common.tenant.Tenant;
import io.s3flow.export.lease.Leases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The runner's view of runs in PostgreSQL: leases, plans, progress and outcomes. Every write names the claim's token,
 * so a runner that lost its lease changes nothing; a run's success and the export's high-water mark commit together.
 */
@ApplicationScoped
public class RunStore {

    /**
     * What a progress update learned: the lease still held, the user asked to cancel, another runner holds the run,
     * or the run is gone (its export was deleted).
     */
    public enum Heartbeat { HELD, CANCEL, LOST, GONE }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Leases up to {@code limit} due runs nobody holds; only an export's oldest unfinished run is due, so an export's
     * runs go one at a time and in order (an incremental run starts from the mark its predecessor committed).
     */
    public List<Leases.Claim> claim(String owner, int limit, Duration lease) throws SQLException {
        return Leases.claim(dataSource, """
                UPDATE export_run SET lease_owner = ? || ':' || gen_random_uuid(), lease_until = now() + ? * interval '1 millisecond',
                    status = 'IN_PROGRESS', started_at = coalesce(started_at, now()), attempts = attempts + 1
                WHERE id IN (
                    SELECT r.id FROM export_run r
                    WHERE r.status IN ('QUEUED', 'IN_PROGRESS') AND r.next_attempt_at <= now()
                      AND (r.lease_until IS NULL OR r.lease_until < now())
                      AND NOT EXISTS (SELECT 1 FROM export_run o WHERE o.export_id = r.export_id
                                      AND o.status IN ('QUEUED', 'IN_PROGRESS') AND (o.queued_at, o.id) < (r.queued_at, r.id))
                    ORDER BY r.next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING id, lease_owner""", owner, lease, limit);
    }

    public Optional<RunWork> load(UUID runId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT r.export_id, e.org_id, e.sandbox_name, e.connection_id, coalesce(r.settings, e.settings), r.from_seq,
                       r.to_seq, r.run_time, r.attempts, r.cancel_requested, m.exported_seq, r.files, r.destination, r.keys_started
                FROM export_run r JOIN export e ON e.id = r.export_id LEFT JOIN export_mark m ON m.export_id = e.id
                WHERE r.id = ?""")) {
            q.setObject(1, runId);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RunWork(runId, r.getObject(1, UUID.class), new Tenant(r.getString(2), r.getString(3)),
                        r.getObject(4, UUID.class), r.getString(5), (Long) r.getObject(6), (Long) r.getObject(7),
                        r.getTimestamp(8).toInstant(), r.getInt(9), r.getBoolean(10), (Long) r.getObject(11), r.getString(12),
                        r.getString(13), List.of((String[]) r.getArray(14).getArray())));
            }
        }
    }

    /**
     * Fixes the run's events, settings and destination, once: a retry exports the very same events into the very same
     * keys.
     */
    public boolean plan(UUID runId, String owner, long from, long to, String settings, String destination) throws SQLException {
        return update("UPDATE export_run SET from_seq = ?, to_seq = ?, settings = ?, destination = ? WHERE id = ? "
                + "AND lease_owner = ? AND to_seq IS NULL", from, to, settings, destination, runId, owner) == 1;
    }

    /**
     * Records, before an attempt opens it, that the run writes {@code key} (once however many attempts do); false when
     * the lease is no longer this claim's.
     */
    public boolean keyStarted(UUID runId, String owner, String key) throws SQLException {
        return update("UPDATE export_run SET keys_started = CASE WHEN ?::text = ANY(keys_started) THEN keys_started "
                + "ELSE array_append(keys_started, ?::text) END WHERE id = ? AND lease_owner = ?", key, key, runId, owner) == 1;
    }

    /** An attempt writes every file again, at the same keys; the files earlier attempts completed stay recorded. */
    public boolean beginAttempt(UUID runId, String owner) throws SQLException {
        return update("UPDATE export_run SET records_written = 0, bytes_uploaded = 0 WHERE id = ? AND lease_owner = ?",
                runId, owner) == 1;
    }

    /**
     * Records progress (and the files completed, when {@code files} is not null) and renews the lease; tells whether
     * the user asked to cancel.
     */
    public Heartbeat progress(UUID runId, String owner, long records, long bytes, String files, Duration lease) throws SQLException {
        return renew(runId, "UPDATE export_run SET records_written = ?, bytes_uploaded = ?, files = coalesce(?::text, files), "
                + "lease_until = now() + ? * interval '1 millisecond' WHERE id = ? AND lease_owner = ? RETURNING cancel_requested",
                records, bytes, files, lease.toMillis(), runId, owner);
    }

    /** Renews the lease, if this claim still holds it, before a file becomes visible; tells whether to go on. */
    public Heartbeat confirm(UUID runId, String owner, Duration lease) throws SQLException {
        return renew(runId, "UPDATE export_run SET lease_until = now() + ? * interval '1 millisecond' WHERE id = ? "
                + "AND lease_owner = ? RETURNING cancel_requested", lease.toMillis(), runId, owner);
    }

    /** Runs a lease renewal returning cancel_requested: no row means another runner holds the run, or it is gone. */
    private Heartbeat renew(UUID runId, String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement u = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                u.setObject(i + 1, args[i]);
            }
            try (ResultSet r = u.executeQuery()) {
                if (r.next()) {
                    return r.getBoolean(1) ? Heartbeat.CANCEL : Heartbeat.HELD;
                }
            }
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM export_run WHERE id = ?")) {
                exists.setObject(1, runId);
                try (ResultSet r = exists.executeQuery()) {
                    return r.next() ? Heartbeat.LOST : Heartbeat.GONE;
                }
            }
        }
    }

    /** This replica is shutting down: the run is due again at once, and the interrupted attempt does not count. */
    public void release(UUID runId, String owner, String files) throws SQLException {
        update("UPDATE export_run SET lease_owner = NULL, lease_until = NULL, next_attempt_at = now(), "
                + "attempts = greatest(attempts - 1, 0), files = ? WHERE id = ? AND lease_owner = ?", files, runId, owner);
    }

    /** Files a finished run could not remove (its files when FAILED or CANCELLED), with where it wrote (JSON). */
    public record LeftBehind(UUID runId, String files, String destination) {
    }

    /** The export's failed or cancelled runs that still list files they could not remove. */
    public List<LeftBehind> leftBehind(UUID exportId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT id, files, destination FROM export_run
                WHERE export_id = ? AND status IN ('FAILED', 'CANCELLED') AND files <> '[]' AND destination IS NOT NULL""")) {
            q.setObject(1, exportId);
            List<LeftBehind> left = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    left.add(new LeftBehind(r.getObject(1, UUID.class), r.getString(2), r.getString(3)));
                }
            }
            return left;
        }
    }

    /** What a finished run still leaves behind, once a later run removed some of it. */
    public void stillLeftBehind(UUID runId, String files) throws SQLException {
        update("UPDATE export_run SET files = ? WHERE id = ? AND status IN ('FAILED', 'CANCELLED')", files, runId);
    }

    /** The run's outcome figures. */
    public record Totals(long input, long output, long bytes, long durationMs, String files) {
    }

    /**
     * SUCCESS and (for an incremental export) its new high-water mark, in one transaction, only under the lease;
     * {@code manifest} (JSON, or null) is the manifest the run wrote.
     */
    public boolean succeed(RunWork run, String owner, Totals totals, String manifest, boolean incremental) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement u = c.prepareStatement("""
                        UPDATE export_run SET status = 'SUCCESS', completed_at = now(), records_input = ?, records_output = ?,
                            records_failed = 0, bytes = ?, duration_ms = ?, files = ?, records_written = ?, bytes_uploaded = ?,
                            manifest = ?, lease_owner = NULL, lease_until = NULL
                        WHERE id = ? AND lease_owner = ? AND NOT cancel_requested""")) {
                    bindTotals(u, totals, 1);
                    u.setString(8, manifest);
                    u.setObject(9, run.runId());
                    u.setString(10, owner);
                    updated = u.executeUpdate();
                }
                if (updated == 1 && incremental) {
                    try (PreparedStatement mark = c.prepareStatement("""
                            INSERT INTO export_mark (export_id, exported_seq, run_id) VALUES (?, ?, ?)
                            ON CONFLICT (export_id) DO UPDATE SET exported_seq = excluded.exported_seq, run_id = excluded.run_id""")) {
                        mark.setObject(1, run.exportId());
                        mark.setLong(2, run.toSequence());
                        mark.setObject(3, run.runId());
                        mark.executeUpdate();
                    }
                }
                c.commit();
                return updated == 1;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** FAILED or CANCELLED, with the error (JSON) appended to the run's errors. */
    public void finish(UUID runId, String owner, ExportRun.Status status, String error, Totals totals) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement u = c.prepareStatement("""
                UPDATE export_run SET status = ?, completed_at = now(), records_input = ?, records_output = ?,
                    records_failed = 0, bytes = ?, duration_ms = ?, files = ?, records_written = ?, bytes_uploaded = ?,
                    errors = CASE WHEN ?::text IS NULL THEN errors ELSE (errors::jsonb || jsonb_build_array(?::jsonb))::text END,
                    lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND lease_owner = ?""")) {
            u.setString(1, status.name());
            bindTotals(u, totals, 2);
            u.setString(9, error);
            u.setString(10, error);
            u.setObject(11, runId);
            u.setString(12, owner);
            u.executeUpdate();
        }
    }

    /** A transient failure: the run stays IN_PROGRESS and is due again after {@code retryIn}, from the same plan. */
    public void retry(UUID runId, String owner, String error, String files, Duration retryIn) throws SQLException {
        update("UPDATE export_run SET errors = (errors::jsonb || jsonb_build_array(?::jsonb))::text, files = ?, "
                + "next_attempt_at = now() + ? * interval '1 millisecond', lease_owner = NULL, lease_until = NULL "
                + "WHERE id = ? AND lease_owner = ?", error, files, retryIn.toMillis(), runId, owner);
    }

    /** An export due to run: its id, settings and the slot it was due at. */
    public record Due(UUID exportId, String settings, Instant nextRunAt) {
    }

    /** A transaction over due exports, each locked so one replica queues its run. */
    public interface DueHandler {
        /** The export's next slot after queuing the run (null: the schedule has ended); a run queued for {@code slot}. */
        Optional<Instant> queue(Due due, QueueRun queue) throws SQLException;
    }

    public interface QueueRun {
        void at(Instant slot) throws SQLException;
    }

    /** For each due export (locked; skipped if another replica holds it): queue its run and move its next slot. */
    public int queueDue(int limit, DueHandler handler) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Due> due = new ArrayList<>();
                try (PreparedStatement q = c.prepareStatement("SELECT id, settings, next_run_at FROM export WHERE next_run_at <= now() "
                        + "ORDER BY next_run_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
                    q.setInt(1, limit);
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            due.add(new Due(r.getObject(1, UUID.class), r.getString(2), r.getTimestamp(3).toInstant()));
                        }
                    }
                }
                for (Due export : due) {
                    Optional<Instant> next = handler.queue(export, slot -> {
                        // a scheduled run still waiting or running covers this slot too: runs never pile up
                        try (PreparedStatement insert = c.prepareStatement("INSERT INTO export_run (id, export_id, status, trigger, "
                                + "run_time, queued_at) SELECT ?, ?, 'QUEUED', 'SCHEDULE', ?, now() WHERE NOT EXISTS ("
                                + "SELECT 1 FROM export_run WHERE export_id = ? AND trigger = 'SCHEDULE' AND status IN ('QUEUED', 'IN_PROGRESS'))")) {
                            insert.setObject(1, UUID.randomUUID());
                            insert.setObject(2, export.exportId());
                            insert.setTimestamp(3, Timestamp.from(slot));
                            insert.setObject(4, export.exportId());
                            insert.executeUpdate();
                        }
                    });
                    try (PreparedStatement move = c.prepareStatement("UPDATE export SET next_run_at = ? WHERE id = ?")) {
                        move.setTimestamp(1, next.map(Timestamp::from).orElse(null));
                        move.setObject(2, export.exportId());
                        move.executeUpdate();
                    }
                }
                c.commit();
                return due.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** input, output, bytes, duration, files, and again output and bytes as the final progress. */
    private static void bindTotals(PreparedStatement u, Totals t, int at) throws SQLException {
        u.setLong(at, t.input());
        u.setLong(at + 1, t.output());
        u.setLong(at + 2, t.bytes());
        u.setLong(at + 3, t.durationMs());
        u.setString(at + 4, t.files());
        u.setLong(at + 5, t.output());
        u.setLong(at + 6, t.bytes());
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
