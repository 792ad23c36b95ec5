package io.s3flow.export.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.s3flow.export.connection.ConnectionClient;
import io.s3flow.export.connection.ConnectionRestClient.Access;
import io.s3flow.export.event.EventScan;
import io.s3flow.export.event.EventStore;
import io.s3flow.export.keys.ExportKeys;
import io.s3flow.export.keys.NameTemplate;
import io.s3flow.export.lease.Leases;
import io.s3flow.export.run.RunAttempt.Stop;
import io.s3flow.export.run.RunAttempt.Stopped;
import io.s3flow.export.scheduled.ExportService;
import io.s3flow.export.scheduled.ExportSettings;
import io.s3flow.export.select.Selection;
import io.s3flow.export.sink.Buckets;
import io.s3flow.export.sink.Destination;
import io.s3flow.export.storage.BucketStorage;
import io.s3flow.export.storage.ObjectChecksum;
import io.s3flow.export.storage.StoredObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * One attempt at one leased run, in explicit steps:
 * <ol>
 *   <li>PLAN: once per run, fix its events ({@code (mark, newest]} for an incremental export, everything otherwise),
 *       its settings and its destination (bucket, folder, connection name);</li>
 *   <li>WRITE: stream the selected rows from PostgreSQL through the format into multipart uploads, file after file;</li>
 *   <li>MANIFEST: if asked for, written last, so a reader that sees it knows every file is there (the run's record
 *       names it, with when each file and the manifest became visible);</li>
 *   <li>COMMIT: SUCCESS and the export's new high-water mark in one transaction.</li>
 * </ol>
 * Beside the attempt, a heartbeat watches the lease ({@link RunAttempt}); how an attempt that did not succeed ends
 * (retried from the same plan into the same keys, or failed or cancelled with its files removed) is {@link RunOutcome}'s;
 * what earlier runs left behind {@link RunCleanup} removes before this one writes; the manifest is {@link RunManifest}.
 */
@ApplicationScoped
public class RunExecution {

    private static final Logger LOG = Logger.getLogger(RunExecution.class);

    @Inject
    RunStore store;
    @Inject
    EventScan events;
    @Inject
    EventStore eventStore;
    @Inject
    ConnectionClient connections;
    @Inject
    ExportService exports;
    @Inject
    Buckets buckets;
    @Inject
    ExportsConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry metrics;
    @Inject
    RunOutcome outcome;
    @Inject
    RunCleanup cleanup;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "export-run-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    public void execute(Leases.Claim claim) {
        Instant started = Instant.now();
        try {
            RunWork run = store.load(claim.id()).orElse(null);
            if (run == null) {
                return; // the export was deleted meanwhile
            }
            try (RunAttempt attempt = new RunAttempt(claim, run, store, config, json, () -> stopping, heartbeats)) {
                attempt(attempt, started);
            }
        } catch (Exception e) {
            LOG.errorf("run %s: could not be worked on (its lease runs out and it is tried again): %s", claim.id(), e.getMessage());
        }
    }

    private void attempt(RunAttempt a, Instant started) throws Exception {
        Access access;
        ExportSettings settings;
        Destination destination;
        try {
            if (a.run.cancelRequested() && a.recorded.isEmpty() && a.run.keysStarted().isEmpty()) {
                throw new Stopped(Stop.CANCEL); // nothing was written: nothing to remove
            }
            // the export's settings, or those its plan fixed: the same the plan below fixes on a first attempt
            settings = exports.settings(a.run.settings(), a.run.runTime());
            access = connections.writeAccess(a.run.tenant(), a.run.connectionId(), settings.encryption());
            a.run = plan(a, access, settings.incremental());
            destination = json.readValue(a.run.destination(), Destination.class);
            // a run writes where its plan says; a connection moved elsewhere since would split it: the user decides
            destination.requireStill(access.target().bucket(), access.target().prefix(), "this run writes");
        } catch (Stopped s) {
            outcome.stopped(a, s.why, null, null, started);
            return;
        } catch (Exception e) {
            outcome.failed(a, e, null, null, started);
            return;
        }
        RunWork run = a.run;
        NameTemplate.Values values = new NameTemplate.Values(destination.connectionName(), run.connectionId().toString(),
                settings.request().name(), run.exportId().toString(), run.tenant().org(), run.tenant().sandbox(),
                run.runId().toString(), run.runTime());
        ExportKeys keys = settings.keys(destination.prefix());
        String manifestKey = settings.manifest() ? keys.manifestKey(values) : null;
        try (BucketStorage bucket = buckets.open(run.tenant(), run.connectionId(), access, settings.encryption())) {
            cleanup.removeLeftBehind(run, destination, bucket);
            try {
                try {
                    write(a, settings, bucket, keys, values, manifestKey, started);
                } finally {
                    // before the bucket's client closes, whatever happened (an Error too): no upload left open
                    a.abortOpenFile();
                }
            } catch (Stopped s) {
                outcome.stopped(a, s.why, bucket, manifestKey, started);
            } catch (Exception e) {
                outcome.failed(a, e, bucket, manifestKey, started);
            }
        }
    }

    /** Fixes the run's range, settings and destination on its first attempt; later attempts find them fixed. */
    private RunWork plan(RunAttempt a, Access access, boolean incremental) throws Exception {
        RunWork run = a.run;
        if (run.planned()) {
            return run;
        }
        long from = incremental && run.exportedSequence() != null ? run.exportedSequence() : 0;
        // every event up to the newest sequence has committed (ingestion commits in sequence order)
        long to = Math.max(from, eventStore.newestSequence(run.tenant()));
        Destination destination = new Destination(access.target().bucket(), access.target().prefix(), access.target().name());
        if (!store.plan(run.runId(), a.claim.token(), from, to, run.settings(), json.writeValueAsString(destination))) {
            throw new Stopped(Stop.LOST);
        }
        return store.load(run.runId()).orElseThrow(() -> new Stopped(Stop.GONE));
    }

    private void write(RunAttempt a, ExportSettings settings, BucketStorage bucket, ExportKeys keys, NameTemplate.Values values,
            String manifestKey, Instant started) throws Exception {
        RunWork run = a.run;
        a.check();
        if (!store.beginAttempt(run.runId(), a.claim.token())) {
            throw new Stopped(Stop.LOST);
        }
        Selection.Sql sql = settings.selection().sql();
        boolean split = settings.maxRowsPerFile() != null && events.count(run.tenant(), run.fromSequence(), run.toSequence(),
                sql.condition(), sql.params()) > settings.maxRowsPerFile();
        a.check();
        // a manifest promises its readers each file's SHA-256; without one, the run lists the far cheaper CRC-32
        RunFiles files = new RunFiles(bucket, settings.format(), settings.selection(), keys, values, settings.maxRowsPerFile(),
                split, settings.incremental(), a, manifestKey != null ? ObjectChecksum.SHA256 : ObjectChecksum.CRC32);
        a.files = files;
        events.forEach(run.tenant(), run.fromSequence(), run.toSequence(), sql.condition(), sql.params(), event -> {
            files.write(event);
            a.check();
        });
        List<RunFiles.File> written = files.finish();
        a.check();
        String manifest = null;
        if (manifestKey != null) {
            a.confirm();
            StoredObject stored = bucket.put(manifestKey, RunManifest.bytes(json, run, files.rows(), written), "application/json",
                    Map.of(RunFiles.RUN_METADATA, run.runId().toString()));
            manifest = json.writeValueAsString(Map.of("key", stored.key(), "bytes", stored.bytes(), "etag", stored.etag(),
                    "writtenAt", Instant.now()));
            a.check();
        }
        long bytes = written.stream().mapToLong(RunFiles.File::bytes).sum();
        RunStore.Totals totals = new RunStore.Totals(files.rows(), files.rows(), bytes,
                Duration.between(started, Instant.now()).toMillis(), json.writeValueAsString(written));
        if (!store.succeed(run, a.claim.token(), totals, manifest, settings.incremental())) {
            // cancelled (or taken over) at the last moment: the cancellation wins, and its files go
            throw new Stopped(store.load(run.runId()).map(r -> r.cancelRequested() ? Stop.CANCEL : Stop.LOST).orElse(Stop.GONE));
        }
        metrics.counter("s3flow.export.records").increment(files.rows());
        metrics.counter("s3flow.export.bytes").increment(bytes);
    }

    /** This replica is going down: runs in flight abort their open upload and are handed back at once. */
    void stop() {
        stopping = true;
    }

    @PreDestroy
    void shutdownHeartbeats() {
        heartbeats.shutdownNow();
    }
}
