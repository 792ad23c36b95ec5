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
 * Delivers one batch of one leased stream. The steps are explicit and each is safe to repeat:
 * <ol>
 *   <li>PLAN: if no batch is pending, decide whether one is due and record its end (the batch is now fixed);</li>
 *   <li>WRITE: one file per (type, hour) of the batch, in one pass over it, each key a pure function of the batch;
 *       the files become visible only after the lease is confirmed once the batch is read;</li>
 *   <li>COMMIT: move the cursor to the batch's end, only if this replica still holds the lease.</li>
 * </ol>
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

    public Outcome deliverOnce(UUID streamId, String owner) {
        Outcome outcome = attempt(streamId, owner);
        if (outcome == Outcome.LEASE_LOST) {
            metrics.counter("s3flow.delivery.leases.lost").increment();
            LOG.infof("stream %s: lease lost to another worker; this one committed nothing", streamId);
        }
        return outcome;
    }

    private Outcome attempt(UUID streamId, String owner) {
        StreamWork work = null;
        Access access = null;
        try {
            work = store.load(streamId).orElse(null);
            if (work == null) {
                return Outcome.IDLE; // deleted meanwhile
            }
            Long end = work.pendingEndSequence();
            boolean full = false;
            Instant oldest = null;
            if (end == null) {
                List<EventMeta> pending = store.peek(work, work.maxEvents());
                OptionalLong due = BatchPlan.endOfDueBatch(pending, work.maxEvents(), work.maxBytes(), config.maxFilesPerBatch(),
                        work.maxAge(), Instant.now());
                if (due.isEmpty()) {
                    if (pending.isEmpty() && work.eventTypes() != null) {
                        store.skipUnwanted(work, owner);
                    }
                    return Outcome.IDLE;
                }
                end = due.getAsLong();
                oldest = pending.get(0).ingestedAt();
                full = pending.size() >= work.maxEvents() || end < pending.get(pending.size() - 1).sequence();
                if (!store.markPending(streamId, owner, work.deliveredSequence(), end)) {
                    return Outcome.LEASE_LOST;
                }
            }
            Written written;
            try (KeptBuckets.Use bucket = buckets.open(work.tenant(), work.connectionId(), work.encryption())) {
                access = bucket.access();
                requireSameDestination(work, access);
                if (!store.renew(streamId, owner, config.lease())) {
                    return Outcome.LEASE_LOST; // credentials took longer than the lease: someone else has the stream now
                }
                written = write(work, bucket.bucket(), end, owner);
            }
            if (written == null || !store.commit(streamId, owner, end, written.events, written.files)) {
                return Outcome.LEASE_LOST;
            }
            metrics.counter("s3flow.events.delivered").increment(written.events);
            metrics.counter("s3flow.files.written").increment(written.files);
            metrics.counter("s3flow.bytes.written").increment(written.bytes);
            if (oldest != null) {
                // from the batch's oldest event being accepted to the batch being in the bucket
                metrics.timer("s3flow.delivery.lag").record(Duration.between(oldest, Instant.now()));
            }
            return full ? Outcome.MORE : Outcome.DELIVERED;
        } catch (Exception e) {
            return fail(streamId, owner, work, access, e);
        }
    }

    private record Written(long events, long files, long bytes) {
    }

    /**
     * Writes the batch in one pass over its events: a file per (type, hour), opened at the group's first event (which
     * names it) and filled as events come; planning bounds how many files a batch opens, and each holds at most one
     * part in memory. The files are completed together; if any fails, all unfinished ones are aborted.
     */
    private Written write(StreamWork work, BucketStorage bucket, long end, String owner) throws Exception {
        Map<FileGroup, RecordWriter> files = new LinkedHashMap<>();
        try {
            return writeFiles(work, bucket, files, end, owner);
        } finally {
            // while the bucket is still open: an unfinished multipart upload is aborted
            files.values().forEach(RecordWriter::close);
        }
    }

    private Written writeFiles(StreamWork work, BucketStorage bucket, Map<FileGroup, RecordWriter> files, long end,
            String owner) throws Exception {
        long events = store.forEachEvent(work, end, event -> {
            FileGroup group = FileGroup.of(event.type(), event.time());
            RecordWriter file = files.get(group);
            if (file == null) {
                // the group's first event names the file
                file = work.format().open(bucket.open(ObjectKeys.fileKey(work.keyPrefix(), work.streamId(), group,
                        event.sequence(), work.format().extension())));
                files.put(group, file);
            }
            file.write(event);
        });
        // the fence: nothing becomes visible unless the lease is still this worker's after the (possibly long) write
        if (!store.renew(work.streamId(), owner, config.lease())) {
            return null;
        }
        List<Future<StoredObject>> completions = new ArrayList<>();
        for (RecordWriter file : files.values()) {
            completions.add(uploads.submit(file::commit));
        }
        long bytes = 0;
        Exception failed = null;
        for (Future<StoredObject> completion : completions) {
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
        return store.renew(work.streamId(), owner, config.lease()) ? new Written(events, files.size(), bytes) : null;
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
