package io.s3flow.export.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.s3flow.export.connection.ConnectionService;
import io.s3flow.export.connection.ConnectionServiceClient.Access;
import io.s3flow.export.event.EventScan;
import io.s3flow.export.event.EventStore;
import io.s3flow.export.keys.ExportKeys;
import io.s3flow.export.keys.NameTemplate;
import io.s3flow.export.lease.Leases;
import io.s3flow.export.scheduled.ExportRequest;
import io.s3flow.export.scheduled.ExportSettings;
import io.s3flow.export.select.Selection;
import io.s3flow.export.sink.Destination;
import io.s3flow.export.sink.Failure;
import io.s3flow.export.storage.BucketStorage;
import io.s3flow.export.storage.StorageFactory;
import io.s3flow.export.storage.StoredObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 * Beside the attempt, a heartbeat records progress, renews the lease and hears of a cancellation every
 * {@code progressInterval}, whatever the attempt is doing; before each file becomes visible the attempt confirms its
 * lease in the database itself, so a runner that stalled past its lease writes nothing more. A failed attempt is retried from the same plan into the
 * same keys; a run that fails for good or is cancelled aborts its open upload and removes every file any of its
 * attempts began (each key is recorded before its upload starts) and its manifest, so the next run, starting from the
 * same mark, exports those events once;
 * what it could not remove (S3 out of reach) the export's next run removes before it writes.
 */
@ApplicationScoped
public class RunExecution {

    private static final Logger LOG = Logger.getLogger(RunExecution.class);
    private static final TypeReference<List<RunFiles.File>> FILES = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, String>>> LEFT_FILES = new TypeReference<>() {
    };

    /** Why an attempt stops before it is done. */
    enum Stop { CANCEL, LOST, GONE, SHUTDOWN }

    /** Thrown where the attempt notices it must stop; an IOException so it can leave the row callback. */
    static final class Stopped extends IOException {
        final Stop why;

        Stopped(Stop why) {
            super(why.name(), null);
            this.why = why;
        }
    }

    private final RunStore store;
    private final EventScan events;
    private final EventStore eventStore;
    private final ConnectionService connections;
    private final StorageFactory storage;
    private final ExportsConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "export-run-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

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

    /** The run's attempt as its heartbeat sees it. */
    private final class Attempt implements AutoCloseable {
        final Leases.Claim claim;
        final List<RunFiles.File> recorded;
        volatile RunWork run;
        volatile RunFiles files;
        volatile Stop stop;
        /** When the heartbeat last found the lease held; past the lease, another runner may have the run. */
        volatile long heldAt = System.nanoTime();
        private String lastRecorded;
        private final ScheduledFuture<?> beat;

        Attempt(Leases.Claim claim, RunWork run) throws JsonProcessingException {
            this.claim = claim;
            this.run = run;
            this.recorded = json.readValue(run.files(), FILES);
            if (run.cancelRequested()) {
                stop = Stop.CANCEL;
            }
            long every = config.progressInterval().toMillis();
            this.beat = heartbeats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        }

        private void beat() {
            try {
                RunFiles current = files;
                String completed = json.writeValueAsString(completed());
                Stop heard = switch (store.progress(claim.id(), claim.token(), current == null ? 0 : current.rows(),
                        current == null ? 0 : current.bytesUploaded(), completed.equals(lastRecorded) ? null : completed,
                        config.lease())) {
                    case HELD -> {
                        heldAt = System.nanoTime();
                        yield null;
                    }
                    case CANCEL -> Stop.CANCEL;
                    case LOST -> Stop.LOST;
                    case GONE -> Stop.GONE;
                };
                lastRecorded = completed;
                if (heard != null) {
                    stop = heard;
                }
            } catch (Exception e) {
                LOG.warnf("run %s: progress not recorded (the lease runs out if this goes on): %s", claim.id(), e.getMessage());
            }
        }

        /** Every file completed by this run so far: earlier attempts' and this one's (the same keys, rewritten). */
        List<RunFiles.File> completed() {
            Map<String, RunFiles.File> byKey = new LinkedHashMap<>();
            recorded.forEach(f -> byKey.put(f.key(), f));
            RunFiles current = files;
            if (current != null) {
                current.completed().forEach(f -> byKey.put(f.key(), f));
            }
            return List.copyOf(byKey.values());
        }

        /**
         * Before a file is opened: its key is recorded, under the lease, so that it is removed if the run fails for
         * good or is cancelled, even if this attempt dies before it can record the file as complete.
         */
        void startingFile(String key) throws IOException {
            check();
            boolean held;
            try {
                held = store.keyStarted(claim.id(), claim.token(), key);
            } catch (SQLException e) {
                throw new IOException("the run's next file could not be recorded: " + e.getMessage(), e);
            }
            if (!held) {
                stop = Stop.LOST;
            }
            check();
        }

        /**
         * The fence before a file or the manifest becomes visible: the lease must still be this attempt's, confirmed
         * in the database now (a runner that stalled past its lease finds it taken, and writes nothing more).
         */
        void confirmLease() throws IOException {
            check();
            RunStore.Heartbeat heard;
            try {
                heard = store.confirm(claim.id(), claim.token(), config.lease());
            } catch (SQLException e) {
                throw new IOException("the run's lease could not be confirmed: " + e.getMessage(), e);
            }
            switch (heard) {
                case HELD -> heldAt = System.nanoTime();
                case CANCEL -> stop = Stop.CANCEL;
                case LOST -> stop = Stop.LOST;
                case GONE -> stop = Stop.GONE;
            }
            check();
        }

        void check() throws Stopped {
            Stop heard = stopping ? Stop.SHUTDOWN : stop;
            // a heartbeat that could not reach the database for most of a lease: assume another runner has the run
            if (heard == null && System.nanoTime() - heldAt > config.lease().toNanos() * 3 / 4) {
                heard = Stop.LOST;
            }
            if (heard != null) {
                throw new Stopped(heard);
            }
        }

        /** Aborts the open upload, if any. */
        void abortOpenFile() {
            RunFiles current = files;
            if (current != null) {
                current.close();
            }
        }

        @Override
        public void close() {
            beat.cancel(false);
        }
    }

    public void execute(Leases.Claim claim) {
        Instant started = Instant.now();
        try {
            RunWork run = store.load(claim.id()).orElse(null);
            if (run == null) {
                return; // the export was deleted meanwhile
            }
            try (Attempt attempt = new Attempt(claim, run)) {
                attempt(attempt, started);
            }
        } catch (Exception e) {
            LOG.errorf("run %s: could not be worked on (its lease runs out and it is tried again): %s", claim.id(), e.getMessage());
        }
    }

    private void attempt(Attempt a, Instant started) throws Exception {
        Access access;
        ExportSettings settings;
        Destination destination;
        try {
            if (a.run.cancelRequested() && a.recorded.isEmpty() && a.run.keysStarted().isEmpty()) {
                throw new Stopped(Stop.CANCEL); // nothing was written: nothing to remove
            }
            // the export's settings, or those its plan fixed: the same the plan below fixes on a first attempt
            settings = ExportSettings.validate(json.readValue(a.run.settings(), ExportRequest.class), a.run.runTime());
            access = connections.writeAccess(a.run.tenant(), a.run.connectionId(), settings.encryption());
            a.run = plan(a, access, settings.incremental());
            destination = json.readValue(a.run.destination(), Destination.class);
            // a run writes where its plan says; a connection moved elsewhere since would split it: the user decides
            destination.requireStill(access.target().bucket(), access.target().prefix(), "this run writes");
        } catch (Stopped s) {
            stopped(a, s.why, null, null, started);
            return;
        } catch (Exception e) {
            failed(a, e, null, null, started);
            return;
        }
        RunWork run = a.run;
        NameTemplate.Values values = new NameTemplate.Values(destination.connectionName(), run.connectionId().toString(),
                settings.request().name(), run.exportId().toString(), run.tenant().org(), run.tenant().sandbox(),
                run.runId().toString(), run.runTime());
        ExportKeys keys = settings.keys(destination.prefix());
        String manifestKey = settings.manifest() ? keys.manifestKey(values) : null;
        try (BucketStorage bucket = storage.open(access, settings.encryption(), connections.regionMoved(run.tenant(), run.connectionId()))) {
            removeLeftBehind(run, destination, bucket);
            try {
                try {
                    write(a, settings, bucket, keys, values, manifestKey, started);
                } finally {
                    // before the bucket's client closes, whatever happened (an Error too): no upload left open
                    a.abortOpenFile();
                }
            } catch (Stopped s) {
                stopped(a, s.why, bucket, manifestKey, started);
            } catch (Exception e) {
                failed(a, e, bucket, manifestKey, started);
            }
        }
    }

    /** Fixes the run's range, settings and destination on its first attempt; later attempts find them fixed. */
    private RunWork plan(Attempt a, Access access, boolean incremental) throws Exception {
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

    private void write(Attempt a, ExportSettings settings, BucketStorage bucket, ExportKeys keys, NameTemplate.Values values,
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
        RunFiles files = new RunFiles(bucket, settings.format(), settings.selection(), keys, values, settings.maxRowsPerFile(),
                split, settings.incremental(), new RunFiles.Lease() {
                    @Override
                    public void starting(String key) throws IOException {
                        a.startingFile(key);
                    }

                    @Override
                    public void confirm() throws IOException {
                        a.confirmLease();
                    }
                });
        a.files = files;
        events.forEach(run.tenant(), run.fromSequence(), run.toSequence(), sql.condition(), sql.params(), event -> {
            files.write(event);
            a.check();
        });
        List<RunFiles.File> written = files.finish();
        a.check();
        String manifest = null;
        if (manifestKey != null) {
            a.confirmLease();
            StoredObject stored = bucket.put(manifestKey, manifest(run, files.rows(), written), "application/json",
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

    /**
     * Removes the files earlier runs of the export failed or were cancelled with but could not remove (S3 was out of
     * reach): their events go out again with this run, so they would otherwise be in the bucket twice. Only objects
     * that still hold that run's file (by their {@code s3flow-run} metadata) are removed; best effort, the rest stays
     * listed for the next run.
     */
    private void removeLeftBehind(RunWork run, Destination destination, BucketStorage bucket) {
        try {
            for (RunStore.LeftBehind earlier : store.leftBehind(run.exportId())) {
                Destination where = json.readValue(earlier.destination(), Destination.class);
                if (!where.bucket().equals(destination.bucket())) {
                    continue; // written elsewhere: not this access's to touch
                }
                List<Map<String, String>> remaining = new ArrayList<>();
                for (Map<String, String> file : json.readValue(earlier.files(), LEFT_FILES)) {
                    String key = file.get("key");
                    boolean theirs = bucket.metadata(key).map(m -> earlier.runId().toString().equals(m.get(RunFiles.RUN_METADATA)))
                            .orElse(false);
                    if (theirs && !bucket.delete(List.of(key)).isEmpty()) {
                        remaining.add(file);
                    }
                }
                store.stillLeftBehind(earlier.runId(), json.writeValueAsString(remaining));
                LOG.infof("run %s removed the files run %s had left behind (%d still there)", run.runId(), earlier.runId(), remaining.size());
            }
        } catch (Exception e) {
            LOG.warnf("run %s: files earlier runs left behind not removed yet: %s", run.runId(), e.getMessage());
        }
    }

    private void stopped(Attempt a, Stop why, BucketStorage bucket, String manifestKey, Instant started) throws Exception {
        switch (why) {
            case LOST -> LOG.infof("run %s: lease lost, another runner has it", a.claim.id());
            case SHUTDOWN -> {
                store.release(a.claim.id(), a.claim.token(), json.writeValueAsString(a.completed()));
                LOG.infof("run %s: handed back for a restart", a.claim.id());
            }
            case CANCEL, GONE -> {
                List<String> left = remove(a, bucket, manifestKey);
                store.finish(a.claim.id(), a.claim.token(), ExportRun.Status.CANCELLED, null, totals(a, left, started));
                LOG.infof("run %s %s", a.claim.id(), why == Stop.CANCEL ? "cancelled" : "ended: its export was deleted");
            }
        }
    }

    private void failed(Attempt a, Exception error, BucketStorage bucket, String manifestKey, Instant started) throws Exception {
        Failure failure = error instanceof RunFiles.KeyTaken taken
                ? new Failure(true, "KEY_TAKEN", taken.getMessage(), "Change the export's fileName, then start a run.")
                : Failure.of(error, RunHints.INSTANCE);
        int attempts = a.run.attempts();
        if (!failure.needsUser() && attempts < config.maxAttempts()) {
            Duration retryIn = Failure.backoff(attempts - 1, config.backoffBase(), config.backoffCap());
            store.retry(a.claim.id(), a.claim.token(), errorJson(attempts, failure, List.of()),
                    json.writeValueAsString(a.completed()), retryIn);
            LOG.warnf("run %s failed (attempt %d, retry in %d ms): %s", a.claim.id(), attempts, retryIn.toMillis(), failure.reason());
            return;
        }
        List<String> left = remove(a, bucket, manifestKey);
        store.finish(a.claim.id(), a.claim.token(), ExportRun.Status.FAILED, errorJson(attempts, failure, left), totals(a, left, started));
        LOG.warnf("run %s FAILED after %d attempts: %s (%s)", a.claim.id(), attempts, failure.errorCode(), failure.reason());
    }

    /**
     * Removes every file any attempt of the run began (those it completed, and those an attempt that died may have
     * completed unrecorded) and its manifest, where the object still says it is this run's; returns the keys left
     * behind (all of them when the bucket could not be reached, for the run's status to show).
     */
    private List<String> remove(Attempt a, BucketStorage bucket, String manifestKey) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        a.completed().forEach(f -> keys.add(f.key()));
        store.load(a.claim.id()).ifPresent(run -> keys.addAll(run.keysStarted()));
        if (bucket == null) {
            return List.copyOf(keys);
        }
        if (manifestKey != null) {
            keys.add(manifestKey);
        }
        String runId = a.claim.id().toString();
        List<String> left = new ArrayList<>();
        for (String key : keys) {
            try {
                boolean ours = bucket.metadata(key).map(m -> runId.equals(m.get(RunFiles.RUN_METADATA))).orElse(false);
                if (ours && !bucket.delete(List.of(key)).isEmpty()) {
                    left.add(key);
                }
            } catch (RuntimeException unreachable) {
                left.add(key);
            }
        }
        if (!left.isEmpty()) {
            LOG.warnf("run %s: could not remove %s", a.claim.id(), left);
        }
        return left;
    }

    /** What a run that did not succeed got through before it stopped, and the files it had to leave behind. */
    private RunStore.Totals totals(Attempt a, List<String> left, Instant started) throws JsonProcessingException {
        RunFiles files = a.files;
        long rows = files == null ? 0 : files.rows();
        List<Map<String, String>> leftBehind = left.stream().map(key -> Map.of("key", key)).toList();
        return new RunStore.Totals(rows, 0, 0, Duration.between(started, Instant.now()).toMillis(), json.writeValueAsString(leftBehind));
    }

    private byte[] manifest(RunWork run, long records, List<RunFiles.File> written) throws JsonProcessingException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("exportId", run.exportId());
        manifest.put("runId", run.runId());
        manifest.put("runTime", run.runTime().toString());
        manifest.put("records", records);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (RunFiles.File file : written) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", file.key());
            entry.put("records", file.records());
            entry.put("bytes", file.bytes());
            entry.put("checksum", file.checksum());
            entries.add(entry);
        }
        manifest.put("files", entries);
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    }

    private String errorJson(int attempt, Failure failure, List<String> left) throws JsonProcessingException {
        return json.writeValueAsString(new RunView.RunError(Instant.now(), attempt, failure.errorCode(), failure.reason(), failure.hint(),
                left.isEmpty() ? null : left));
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
