package io.s3flow.export.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.s3flow.export.connection.ConnectionService;
import io.s3flow.export.connection.ConnectionServiceClient.Access;
import io.s3flow.export.delivery.Failure;
import io.s3flow.export.event.EventScan;
import io.s3flow.export.event.EventStore;
import io.s3flow.export.keys.ExportKeys;
import io.s3flow.export.keys.NameTemplate;
import io.s3flow.export.scheduled.ExportRequest;
import io.s3flow.export.scheduled.ExportSettings;
import io.s3flow.export.select.Selection;
import io.s3flow.export.storage.BucketStorage;
import io.s3flow.export.storage.StorageFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One attempt at one leased run, in explicit steps, each safe to repeat:
 * <ol>
 *   <li>PLAN: once per run, fix its events ({@code (mark, newest]} for an incremental run, everything otherwise) and
 *       its settings;</li>
 *   <li>WRITE: stream the selected rows from PostgreSQL through the format into multipart uploads, file after file,
 *       recording progress (and hearing of a cancellation) as it goes;</li>
 *   <li>MANIFEST: if asked for, written last, so a reader that sees it knows every file is there;</li>
 *   <li>COMMIT: SUCCESS and the export's new high-water mark in one transaction.</li>
 * </ol>
 * A failed attempt is retried from the same plan into the same keys; a run that fails for good or is cancelled
 * aborts its open upload and removes the files it completed, so no event is exported twice or left half-written.
 */
@ApplicationScoped
public class RunExecution {

    private static final Logger LOG = Logger.getLogger(RunExecution.class);

    private final RunStore store;
    private final EventScan events;
    private final EventStore eventStore;
    private final ConnectionService connections;
    private final StorageFactory storage;
    private final ExportsConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    RunExecution(RunStore store, EventScan events, EventStore eventStore, ConnectionService connections, StorageFactory storage,
            ExportsConfig config, ObjectMapper json, MeterRegistry metrics) {
        this.store = store;
        this.events = events;
        this.eventStore = eventStore;
        this.connections = connections;
        this.storage = storage;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    /** The user cancelled the run while it was being written. */
    static final class Cancelled extends Exception {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /** Another runner holds the run now (this one was too slow to renew): stop without touching anything. */
    static final class LeaseLost extends Exception {
        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }

    public void execute(RunStore.Claim claim) {
        Instant started = Instant.now();
        RunWork run = null;
        Access access = null;
        RunFiles files = null;
        try {
            run = store.load(claim.runId()).orElse(null);
            if (run == null) {
                return; // the export was deleted meanwhile
            }
            if (run.cancelRequested() && recordedKeys(run).isEmpty()) {
                throw new Cancelled();
            }
            run = plan(run, claim);
            ExportSettings settings = ExportSettings.validate(json.readValue(run.settings(), ExportRequest.class), run.runTime());
            access = connections.writeAccess(run.tenant(), run.connectionId());
            NameTemplate.Values values = new NameTemplate.Values(access.target().name(), run.connectionId().toString(),
                    settings.request().name(), run.exportId().toString(), run.tenant().org(), run.tenant().sandbox(),
                    run.runId().toString(), run.runTime());
            ExportKeys keys = settings.keys(access.target().prefix());
            try (BucketStorage bucket = storage.open(access, settings.encryption())) {
                try {
                    if (run.cancelRequested()) {
                        throw new Cancelled(); // a runner died while the run was being cancelled: its files go below
                    }
                    if (!store.beginAttempt(run.runId(), claim.token())) {
                        throw new LeaseLost();
                    }
                    Selection.Sql sql = settings.selection().sql();
                    boolean split = settings.maxRowsPerFile() != null && events.count(run.tenant(), run.fromSequence(),
                            run.toSequence(), sql.condition(), sql.params()) > settings.maxRowsPerFile();
                    files = new RunFiles(bucket, settings.format(), settings.selection(), keys, values, settings.maxRowsPerFile(), split);
                    write(run, claim, sql, files);
                    List<RunFiles.File> written = files.finish();
                    if (settings.manifest()) {
                        bucket.put(keys.manifestKey(values), manifest(run, files.rows(), written), "application/json");
                    }
                    long bytes = written.stream().mapToLong(RunFiles.File::bytes).sum();
                    RunStore.Totals totals = new RunStore.Totals(files.rows(), files.rows(), bytes,
                            Duration.between(started, Instant.now()).toMillis(), json.writeValueAsString(written));
                    if (!store.succeed(run, claim.token(), totals)) {
                        // cancelled (or lost) at the last moment: the cancellation wins, its files go
                        throw store.load(run.runId()).map(RunWork::cancelRequested).orElse(false) ? new Cancelled() : new LeaseLost();
                    }
                    metrics.counter("s3flow.export.records").increment(files.rows());
                    metrics.counter("s3flow.export.bytes").increment(bytes);
                } catch (Exception e) {
                    // before the bucket's client closes: an unfinished multipart upload is aborted with it
                    if (files != null) {
                        files.close();
                    }
                    if (!(e instanceof LeaseLost) && (e instanceof Cancelled || finalFailure(run, e))) {
                        removeCompleted(bucket, files, run);
                    }
                    throw e;
                }
            }
        } catch (LeaseLost e) {
            LOG.infof("run %s: lease lost, another runner has it", claim.runId());
        } catch (Cancelled e) {
            finish(claim, run, ExportRun.Status.CANCELLED, null, files, started);
            LOG.infof("run %s cancelled", claim.runId());
        } catch (Exception e) {
            fail(claim, run, access, files, e, started);
        }
    }

    /** Fixes the run's range and settings on its first attempt; later attempts find them fixed. */
    private RunWork plan(RunWork run, RunStore.Claim claim) throws Exception {
        if (run.planned()) {
            return run;
        }
        boolean incremental = ExportSettings.validate(json.readValue(run.settings(), ExportRequest.class), run.runTime()).incremental();
        long from = incremental && run.exportedSequence() != null ? run.exportedSequence() : 0;
        // every event up to the newest sequence has committed (ingestion commits in sequence order)
        long to = eventStore.newestSequence(run.tenant());
        if (!store.plan(run.runId(), claim.token(), from, Math.max(from, to), run.settings())) {
            throw new LeaseLost();
        }
        return store.load(run.runId()).orElseThrow(LeaseLost::new);
    }

    private void write(RunWork run, RunStore.Claim claim, Selection.Sql sql, RunFiles files) throws Exception {
        long[] nextBeat = {System.nanoTime() + config.progressInterval().toNanos()};
        try {
            events.forEach(run.tenant(), run.fromSequence(), run.toSequence(), sql.condition(), sql.params(), event -> {
                files.write(event);
                if (System.nanoTime() >= nextBeat[0]) {
                    heartbeat(run, claim, files);
                    nextBeat[0] = System.nanoTime() + config.progressInterval().toNanos();
                }
            });
        } catch (HeartbeatStop stop) {
            throw stop.reason;
        }
    }

    /** Carries a cancellation or lost lease out of the row callback, which may only throw I/O errors. */
    private static final class HeartbeatStop extends java.io.IOException {
        final Exception reason;

        HeartbeatStop(Exception reason) {
            super(reason.getMessage(), null);
            this.reason = reason;
        }
    }

    private void heartbeat(RunWork run, RunStore.Claim claim, RunFiles files) throws java.io.IOException {
        RunStore.Heartbeat beat;
        try {
            beat = store.progress(run.runId(), claim.token(), files.rows(), files.bytes(),
                    json.writeValueAsString(files.completed()), config.lease());
        } catch (java.sql.SQLException e) {
            throw new java.io.IOException("recording progress failed: " + e.getMessage(), e);
        }
        switch (beat) {
            case CANCEL -> throw new HeartbeatStop(new Cancelled());
            case LOST -> throw new HeartbeatStop(new LeaseLost());
            default -> { }
        }
    }

    private byte[] manifest(RunWork run, long records, List<RunFiles.File> written) throws JsonProcessingException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("exportId", run.exportId());
        manifest.put("runId", run.runId());
        manifest.put("runTime", run.runTime().toString());
        manifest.put("records", records);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (RunFiles.File file : written) {
            entries.add(Map.of("key", file.key(), "records", file.records(), "bytes", file.bytes(), "checksum", file.checksum()));
        }
        manifest.put("files", entries);
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    }

    /**
     * A run that does not succeed leaves nothing: the files it completed (this attempt's, or an earlier attempt's as
     * recorded) are removed, so the next run, which starts from the same mark, exports their events exactly once.
     */
    private void removeCompleted(BucketStorage bucket, RunFiles files, RunWork run) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(recordedKeys(run));
        if (files != null) {
            files.completed().forEach(f -> keys.add(f.key()));
        }
        try {
            bucket.delete(keys);
        } catch (RuntimeException e) {
            LOG.warnf("run %s: could not remove its completed files %s: %s", run.runId(), keys, e.getMessage());
        }
    }

    /** The files an earlier attempt recorded as completed (same keys as this attempt's). */
    private List<String> recordedKeys(RunWork run) {
        List<String> keys = new ArrayList<>();
        try {
            json.readTree(run.files()).forEach(f -> keys.add(f.path("key").asText()));
        } catch (JsonProcessingException e) {
            // nothing readable recorded: nothing to remove
        }
        return keys;
    }

    /** Whether this failure ends the run (no attempt follows). */
    private boolean finalFailure(RunWork run, Exception error) {
        return Failure.of(error, "", "").needsUser() || run.attempts() >= config.maxAttempts();
    }

    private void fail(RunStore.Claim claim, RunWork run, Access access, RunFiles files, Exception error, Instant started) {
        Failure failure = Failure.of(error, access == null ? "<bucket>" : access.target().bucket(),
                access == null ? "" : access.target().prefix());
        String detail = errorJson(run, failure);
        try {
            int attempts = run == null ? 1 : run.attempts();
            if (!failure.needsUser() && attempts < config.maxAttempts()) {
                Duration retryIn = Failure.backoff(attempts - 1, config.backoffBase(), config.backoffCap());
                store.retry(claim.runId(), claim.token(), detail, retryIn);
                LOG.warnf("run %s failed (attempt %d, retry in %d ms): %s", claim.runId(), attempts, retryIn.toMillis(), failure.reason());
                return;
            }
            store.finish(claim.runId(), claim.token(), ExportRun.Status.FAILED, detail, totals(files, started));
            LOG.warnf("run %s FAILED after %d attempts: %s (%s)", claim.runId(), attempts, failure.errorCode(), failure.reason());
        } catch (Exception recording) {
            LOG.errorf("run %s: could not record the failure %s: %s", claim.runId(), failure.errorCode(), recording.getMessage());
        }
    }

    private void finish(RunStore.Claim claim, RunWork run, ExportRun.Status status, String error, RunFiles files, Instant started) {
        try {
            store.finish(claim.runId(), claim.token(), status, error, totals(files, started));
        } catch (Exception e) {
            LOG.errorf("run %s: could not record %s: %s", claim.runId(), status, e.getMessage());
        }
    }

    /** What a run that did not succeed got through before it stopped; its files were removed. */
    private RunStore.Totals totals(RunFiles files, Instant started) {
        long rows = files == null ? 0 : files.rows();
        return new RunStore.Totals(rows, 0, 0, Duration.between(started, Instant.now()).toMillis(), "[]");
    }

    private String errorJson(RunWork run, Failure failure) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("at", Instant.now().toString());
        error.put("attempt", run == null ? 1 : run.attempts());
        error.put("errorCode", failure.errorCode());
        error.put("reason", failure.reason());
        if (failure.hint() != null) {
            error.put("hint", failure.hint());
        }
        try {
            return json.writeValueAsString(error);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error is always JSON", e);
        }
    }
}
