package io.s3flow.export.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.s3flow.export.connection.ConnectionClient;
import io.s3flow.export.connection.ConnectionRestClient.Access;
import io.s3flow.export.format.RecordWriter;
import io.s3flow.export.sink.KeptBuckets;
import io.s3flow.export.sink.Destination;
import io.s3flow.export.sink.Failure;
import io.s3flow.export.keys.FileGroup;
import io.s3flow.export.keys.ObjectKeys;
import io.s3flow.export.storage.BucketStorage;
import io.s3flow.export.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Delivers the batches of one leased stream. The steps are explicit and each is safe to repeat:
 * <ol>
 *   <li>PLAN: the pending batch if there is one, else whether one is due and where it ends;</li>
 *   <li>WRITE: one file per (type, hour) of the batch, in one pass over it, each key a pure function of the batch;</li>
 *   <li>RECORD its end (the batch is now fixed), then confirm the lease and complete the files: only now do they
 *       become visible;</li>
 *   <li>COMMIT: move the cursor to the batch's end, only if this replica still holds the lease.</li>
 * </ol>
 * While one full batch's files complete, the next is planned and written from where the cursor will stand (nothing
 * of it visible); it is recorded only once the previous one committed, and only if the cursor stands there.
 * A crash anywhere leaves either the old cursor and the pending batch (written again, same keys, same events:
 * exactly once in the bucket) or the new cursor. A worker that stalled (a paused or starved process) past its lease
 * finds the lease gone at the confirmation and aborts its uploads: another replica has written the batch meanwhile.
 */
@ApplicationScoped
public class StreamDelivery {

    private static final Logger LOG = Logger.getLogger(StreamDelivery.class);

    /** What one call did; {@code MORE} means a full batch went out and another may be due at once. */
    public enum Outcome { IDLE, DELIVERED, MORE, PAUSED, FAILING, LEASE_LOST }

    private final DeliveryStore store;
    private final ConnectionClient connections;
    private final KeptBuckets buckets;
    private final DeliveryConfig config;
    private final MeterRegistry metrics;
    /** Completes files (their last part and the upload's completion) several at a time, for every stream here. */
    private final ExecutorService uploads;

    StreamDelivery(DeliveryStore store, ConnectionClient connections, KeptBuckets buckets, DeliveryConfig config,
            MeterRegistry metrics) {
        this.store = store;
        this.connections = connections;
        this.buckets = buckets;
        this.config = config;
        this.metrics = metrics;
        this.uploads = Executors.newFixedThreadPool(config.completionsInFlight(), r -> {
            Thread thread = new Thread(r, "stream-upload");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One batch (if one is due). */
    public Outcome deliverOnce(UUID streamId, String owner) {
        return deliver(streamId, owner, Instant.MIN);
    }

    /**
     * Full batches one after the other until one is not full or {@code turnEnds} has passed: while a batch's files go
     * up, the next one is read and written, to become visible only once the previous one is committed and its own end
     * recorded.
     */
    public Outcome deliver(UUID streamId, String owner, Instant turnEnds) {
        Outcome outcome = attempt(streamId, owner, turnEnds);
        if (outcome == Outcome.LEASE_LOST) {
            metrics.counter("s3flow.delivery.leases.lost").increment();
            LOG.infof("stream %s: lease lost to another worker; this one committed nothing", streamId);
        }
        return outcome;
    }

    private Outcome attempt(UUID streamId, String owner, Instant turnEnds) {
        StreamWork work = null;
        Access access = null;
        Batch batch = null;
        Batch uploading = null;
        try {
            work = store.load(streamId).orElse(null);
            if (work == null) {
                return Outcome.IDLE; // deleted meanwhile
            }
            Outcome outcome = Outcome.IDLE;
            while (true) {
                batch = plan(work);
                if (batch == null) {
                    if (uploading != null) {
                        outcome = finish(uploading, owner);
                        uploading = null;
                    }
                    if (outcome != Outcome.LEASE_LOST && work.eventTypes() != null && work.pendingEndSequence() == null) {
                        store.skipUnwanted(work, owner); // moves only past events of other types
                    }
                    return outcome;
                }
                batch.bucket = buckets.open(work.tenant(), work.connectionId(), work.encryption());
                access = batch.bucket.access();
                requireSameDestination(work, access);
                if (!store.renew(streamId, owner, config.lease())) {
                    return Outcome.LEASE_LOST; // credentials took longer than the lease: someone else has the stream now
                }
                batch.write();
                if (uploading != null) {
                    outcome = finish(uploading, owner);
                    uploading = null;
                    if (outcome == Outcome.LEASE_LOST) {
                        return outcome;
                    }
                }
                // the batch is fixed before any of it becomes visible, so a retry writes the very same files
                if (!batch.recorded && !store.markPending(streamId, owner, work.deliveredSequence(), batch.end)) {
                    return Outcome.LEASE_LOST;
                }
                // the fence: nothing becomes visible unless the lease is still this worker's after the (possibly long) write
                if (!store.renew(streamId, owner, config.lease())) {
                    return Outcome.LEASE_LOST;
                }
                batch.upload();
                uploading = batch;
                batch = null;
                if (!uploading.full || !Instant.now().isBefore(turnEnds)) {
                    outcome = finish(uploading, owner);
                    uploading = null;
                    return outcome;
                }
                work = uploading.following();
            }
        } catch (Exception e) {
            return fail(streamId, owner, work, access, e);
        } finally {
            abandon(uploading);
            abandon(batch);
        }
    }

    /** The batch due for {@code work}, or null: its recorded pending batch, else what {@link BatchPlan} makes of the backlog. */
    private Batch plan(StreamWork work) throws Exception {
        if (work.pendingEndSequence() != null) {
            return new Batch(work, work.pendingEndSequence(), true, null, false);
        }
        List<EventMeta> pending = store.peek(work, work.maxEvents());
        OptionalLong due = BatchPlan.endOfDueBatch(pending, work.maxEvents(), work.maxBytes(), config.maxFilesPerBatch(),
                work.maxAge(), Instant.now());
        if (due.isEmpty()) {
            return null;
        }
        long end = due.getAsLong();
        boolean full = pending.size() >= work.maxEvents() || end < pending.get(pending.size() - 1).sequence();
        return new Batch(work, end, false, pending.get(0).ingestedAt(), full);
    }

    /** Waits for the batch's files, then moves the cursor past it if the lease is still this worker's. */
    private Outcome finish(Batch batch, String owner) throws Exception {
        try {
            long bytes = 0;
            Exception failed = null;
            for (Future<StoredObject> completion : batch.completions) {
                try {
                    bytes += completion.get().bytes();
                } catch (ExecutionException e) {
                    // every completion ends before the caller aborts what is unfinished
                    failed = failed != null ? failed : e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            if (failed != null) {
                throw failed;
            }
            UUID streamId = batch.work.streamId();
            if (!store.renew(streamId, owner, config.lease())
                    || !store.commit(streamId, owner, batch.end, batch.events, batch.files.size())) {
                return Outcome.LEASE_LOST;
            }
            metrics.counter("s3flow.events.delivered").increment(batch.events);
            metrics.counter("s3flow.files.written").increment(batch.files.size());
            metrics.counter("s3flow.bytes.written").increment(bytes);
            if (batch.oldest != null) {
                // from the batch's oldest event being accepted to the batch being in the bucket
                metrics.timer("s3flow.delivery.lag").record(Duration.between(batch.oldest, Instant.now()));
            }
            return batch.full ? Outcome.MORE : Outcome.DELIVERED;
        } finally {
            abandon(batch);
        }
    }

    /** Lets the batch's completions end, aborts its unfinished files (a no-op for completed ones), gives its bucket back. */
    private static void abandon(Batch batch) {
        if (batch == null || batch.released) {
            return;
        }
        batch.released = true;
        for (Future<StoredObject> completion : batch.completions) {
            try {
                completion.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // the failure is reported by whoever finishes the batch; here it only has to be over
            }
        }
        batch.files.values().forEach(RecordWriter::close);
        if (batch.bucket != null) {
            batch.bucket.close();
        }
    }

    /** The events (cursor, end] of a stream: their files, and once they are going up, their completions. */
    private final class Batch {
        final StreamWork work;
        final long end;
        /** Its end is already the stream's pending batch (an earlier attempt's, written again). */
        final boolean recorded;
        /** When the oldest event was accepted; null for a batch written again. */
        final Instant oldest;
        final boolean full;
        final Map<FileGroup, RecordWriter> files = new LinkedHashMap<>();
        List<Future<StoredObject>> completions = List.of();
        KeptBuckets.Use bucket;
        long events;
        boolean released;

        Batch(StreamWork work, long end, boolean recorded, Instant oldest, boolean full) {
            this.work = work;
            this.end = end;
            this.recorded = recorded;
            this.oldest = oldest;
            this.full = full;
        }

        /**
         * Writes the batch in one pass over its events: a file per (type, hour), opened at the group's first event
         * (which names it) and filled as events come; planning bounds how many files a batch opens, and each holds at
         * most one part in memory. Nothing is visible yet.
         */
        void write() throws Exception {
            BucketStorage storage = bucket.bucket();
            events = store.forEachEvent(work, end, event -> {
                FileGroup group = FileGroup.of(event.type(), event.time());
                RecordWriter file = files.get(group);
                if (file == null) {
                    file = work.format().open(storage.open(ObjectKeys.fileKey(work.keyPrefix(), work.streamId(), group,
                            event.sequence(), work.format().extension())));
                    files.put(group, file);
                }
                file.write(event);
            });
        }

        /** Completes the files several at a time, in the background. */
        void upload() {
            completions = new ArrayList<>();
            for (RecordWriter file : files.values()) {
                completions.add(uploads.submit(file::commit));
            }
        }

        /** The stream as it stands once this batch is committed. */
        StreamWork following() {
            return new StreamWork(work.streamId(), work.tenant(), work.connectionId(), work.folderPath(), work.format(),
                    work.eventTypes(), work.maxEvents(), work.maxBytes(), work.maxAge(), work.encryption(), end, null, 0,
                    work.bucket(), work.keyPrefix());
        }
    }

    /**
     * The stream writes where it was created. If its connection now names another bucket or folder, writing there
     * would split the stream (and could share a folder with another stream): the user decides, the stream pauses.
     */
    private static void requireSameDestination(StreamWork work, Access access) {
        new Destination(work.bucket(), work.keyPrefix(), null).requireStill(access.target().bucket(),
                ObjectKeys.streamPrefix(access.target().prefix(), work.folderPath()), "this stream delivers");
    }

    void onStop(@Observes ShutdownEvent stop) {
        uploads.shutdownNow();
    }

    private Outcome fail(UUID streamId, String owner, StreamWork work, Access access, Exception error) {
        String bucket = work != null ? work.bucket() : "<bucket>";
        String prefix = work != null ? work.keyPrefix() : "";
        Failure failure = Failure.of(error, new StreamHints(bucket, prefix));
        if (work != null) {
            // the credentials may be what failed (revoked, expired): the next attempt asks for them again
            buckets.forget(work.tenant(), work.connectionId(), work.encryption());
        }
        try {
            if (failure.needsUser()) {
                String etag = access != null ? access.target().etag() : currentEtag(work);
                store.pauseForUser(streamId, owner, failure, etag);
                LOG.warnf("stream %s paused: %s (%s)", streamId, failure.errorCode(), failure.reason());
                return Outcome.PAUSED;
            }
            int attempts = work == null ? 1 : work.attempts() + 1;
            Duration retryIn = Failure.backoff(attempts - 1, config.backoffBase(), config.backoffCap());
            store.failing(streamId, owner, failure, attempts, retryIn);
            LOG.warnf("stream %s failing (attempt %d, retry in %d ms): %s", streamId, attempts, retryIn.toMillis(), failure.reason());
            return Outcome.FAILING;
        } catch (Exception recording) {
            LOG.errorf("stream %s: could not record the failure %s: %s", streamId, failure.errorCode(), recording.getMessage());
            return Outcome.FAILING;
        }
    }

    /** The connection's etag when credentials were refused before any access came back (null if it is gone). */
    private String currentEtag(StreamWork work) {
        if (work == null) {
            return null;
        }
        try {
            return connections.target(work.tenant(), work.connectionId()).etag();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
