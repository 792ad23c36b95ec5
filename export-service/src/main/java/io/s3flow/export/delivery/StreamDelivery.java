package io.s3flow.export.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.s3flow.export.connection.ConnectionChecks;
import io.s3flow.export.connection.ConnectionRestClient.Access;
import io.s3flow.export.format.RecordWriter;
import io.s3flow.export.sink.KeptBuckets;
import io.s3flow.export.sink.Destination;
import io.s3flow.export.sink.Failure;
import io.s3flow.export.keys.FileGroup;
import io.s3flow.export.keys.ObjectKeys;
import io.s3flow.export.storage.BucketStorage;
import io.s3flow.export.storage.StorageConfig;
import io.s3flow.export.storage.StoredObject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.SQLException;
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
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers the batches of one leased stream. The steps are explicit and each is safe to repeat:
 * <ol>
 *   <li>PLAN: the batch recorded as pending if there is one, else whether one is due and where it ends; RECORD its end
 *       (the batch is now fixed);</li>
 *   <li>WRITE: one file per (type, hour) of the batch, in one pass over it, each key a pure function of the batch;
 *       each file becomes visible only after the lease is confirmed, just before its PUT or completion;</li>
 *   <li>COMMIT: move the cursor to the batch's end, only if this replica still holds the lease.</li>
 * </ol>
 * While a full batch's files complete, the next one is planned, recorded as the stream's next batch (behind the
 * pending one) and written, so reading and encoding overlap the uploads; its files complete only once the previous
 * batch is committed (it is then the pending batch), each after its own lease confirmation.
 * A crash anywhere leaves either the old cursor and the recorded batches (written again, same keys, same events:
 * exactly once in the bucket) or the new cursor. A worker that stalled (a paused or starved process) past its lease
 * finds the lease gone at the confirmation and aborts its uploads, those of the batch written ahead too: another
 * replica has written the batches meanwhile.
 */
@ApplicationScoped
public class StreamDelivery {

    private static final Logger LOG = Logger.getLogger(StreamDelivery.class);

    /**
     * What one call did; {@code MORE} means a full batch went out and another may be due at once; {@code WAITING} that
     * a batch is waiting to come due and the stream is already given back until it is; {@code CAUGHT_UP} that a worker's
     * last batch for now went out and its commit gave the stream back (due again after the recheck interval).
     */
    public enum Outcome { IDLE, WAITING, DELIVERED, CAUGHT_UP, MORE, PAUSED, FAILING, LEASE_LOST }

    private final DeliveryStore store;
    private final ConnectionChecks connections;
    private final KeptBuckets buckets;
    private final DeliveryConfig config;
    private final StorageConfig storage;
    private final MeterRegistry metrics;
    /** Completes files (their last part and the upload's completion) several at a time, for every stream here. */
    private final ExecutorService uploads;

    StreamDelivery(DeliveryStore store, ConnectionChecks connections, KeptBuckets buckets, DeliveryConfig config,
            StorageConfig storage, MeterRegistry metrics) {
        this.store = store;
        this.storage = storage;
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

    /**
     * One batch, if one is due (a batch recorded to follow it stays recorded for the next call); the lease stays the
     * caller's.
     */
    public Outcome deliverOnce(UUID streamId, String owner) {
        return deliver(streamId, owner, null, Instant.MIN, false);
    }

    /**
     * A worker's turn: full batches one after the other until one is not full or {@code turnEnds} has passed, each read
     * and written while the previous one's files complete; the commit of a batch that is not full gives the stream back
     * ({@code CAUGHT_UP}).
     */
    public Outcome deliver(UUID streamId, String owner, Instant turnEnds) {
        return deliver(streamId, owner, null, turnEnds, true);
    }

    /** {@link #deliver(UUID, String, Instant)} from the stream as its claim read it. */
    public Outcome deliver(ClaimedStream claimed, Instant turnEnds) {
        return deliver(claimed.id(), claimed.token(), claimed, turnEnds, true);
    }

    private Outcome deliver(UUID streamId, String owner, ClaimedStream claimed, Instant turnEnds, boolean giveBack) {
        Outcome outcome = attempt(streamId, owner, claimed, turnEnds, giveBack);
        if (outcome == Outcome.LEASE_LOST) {
            metrics.counter("s3flow.delivery.leases.lost").increment();
            LOG.infof("stream %s: lease lost to another worker; this one committed nothing", streamId);
        }
        return outcome;
    }

    private Outcome attempt(UUID streamId, String owner, ClaimedStream claimed, Instant turnEnds, boolean giveBack) {
        StreamWork work = claimed == null ? null : claimed.work();
        boolean reloaded = false;
        Access access = null;
        Batch completing = null;
        Batch writing = null;
        try {
            if (work == null) {
                work = store.load(streamId).orElse(null);
                if (work == null) {
                    return Outcome.IDLE; // deleted meanwhile
                }
            }
            while (true) {
                StreamWork from = completing == null ? work : completing.work.afterBatch(completing.end);
                List<EventMeta> pending = from.pendingEndSequence() == null ? store.peek(from, from.maxEvents()) : null;
                writing = plan(from, pending);
                if (writing == null && completing != null) {
                    return finish(completing, owner, giveBack);
                }
                if (writing == null) {
                    return notDue(from, pending, owner);
                }
                if (!writing.recorded && completing != null && !store.markNext(writing.work, owner, completing.end, writing.end)) {
                    // nothing written ahead: the settings changed since they were read (the turn's next call reads them
                    // again), or the lease is gone (the commit finds out)
                    writing = null;
                    return finish(completing, owner, giveBack);
                }
                if (!writing.recorded && completing == null && !store.markPending(writing.work, owner, writing.end)) {
                    // the settings changed since they were read (a queued claim's may be seconds old): planned again once
                    // with the stream as it stands; else the lease or the cursor is another worker's
                    if (reloaded) {
                        // settings changed twice within the claim: planned on the next claim, unless the lease is gone
                        return leaseGone(streamId, owner) ? Outcome.LEASE_LOST : Outcome.IDLE;
                    }
                    work = store.load(streamId).orElse(null);
                    if (work == null) {
                        return Outcome.IDLE; // deleted meanwhile
                    }
                    reloaded = true;
                    writing = null;
                    continue;
                }
                writing.bucket = buckets.open(work.tenant(), work.connectionId(), work.encryption());
                access = writing.bucket.access();
                requireSameDestination(work, access);
                if (renewBeforeWriting(claimed, writing, completing) && !store.renew(streamId, owner, config.lease())) {
                    return Outcome.LEASE_LOST; // credentials took longer than the lease: someone else has the stream now
                }
                writing.write(owner);
                if (completing != null) {
                    Outcome previous = finish(completing, owner, false);
                    abandon(completing);
                    completing = null;
                    if (previous == Outcome.LEASE_LOST) {
                        return previous;
                    }
                }
                // the fence is each file's own (leaseHeld, just before it becomes visible), after the (possibly long) write
                writing.complete();
                completing = writing;
                writing = null;
                if (!completing.full || !Instant.now().isBefore(turnEnds) || completing.bytes > config.readAheadBelowBytes()) {
                    return finish(completing, owner, giveBack);
                }
            }
        } catch (Exception e) {
            // the batch completing when the next one failed is going visible: committed first, or a retry writes it again
            if (completing != null && settle(completing, owner) == Outcome.LEASE_LOST) {
                return Outcome.LEASE_LOST;
            }
            // a worker that stalled past its lease may fail on something else first (a call timed out across the
            // stall): the stream is another's, and this attempt records nothing
            return work != null && leaseGone(streamId, owner) ? Outcome.LEASE_LOST : fail(streamId, owner, work, access, e);
        } finally {
            abandon(completing);
            abandon(writing);
        }
    }

    /**
     * The batch to write from {@code work}'s cursor, or null: its recorded batch, else what {@link BatchPlan} makes of
     * {@code pending}, the undelivered events the stream wants (null when a batch is recorded).
     */
    private Batch plan(StreamWork work, List<EventMeta> pending) {
        if (work.pendingEndSequence() != null) {
            // written again as it was recorded (its size unknown: not read ahead of); one recorded behind it makes it
            // part of a backlog
            return new Batch(work, work.pendingEndSequence(), true, null, work.nextEndSequence() != null, Long.MAX_VALUE);
        }
        OptionalLong due = BatchPlan.endOfDueBatch(pending, work.maxEvents(), work.maxBytes(), config.maxFilesPerBatch(),
                work.maxAge(), Instant.now());
        if (due.isEmpty()) {
            return null;
        }
        long end = due.getAsLong();
        boolean full = pending.size() >= work.maxEvents() || end < pending.get(pending.size() - 1).sequence();
        long bytes = pending.stream().filter(e -> e.sequence() <= end).mapToLong(EventMeta::sizeBytes).sum();
        return new Batch(work, end, false, pending.get(0).ingestedAt(), full, bytes);
    }

    /**
     * Nothing due at the start of a call. Events the stream wants, too few yet: the stream is given back until the
     * oldest has waited maxSeconds (or its tenant's next events may fill the batch). None it wants: the cursor moves
     * over newer events of types it does not want.
     */
    private Outcome notDue(StreamWork work, List<EventMeta> pending, String owner) throws SQLException {
        if (!pending.isEmpty()) {
            store.releaseUntilDue(work, owner, pending.get(0).ingestedAt().plus(work.maxAge()), config.recheck());
            return Outcome.WAITING;
        }
        if (work.eventTypes() != null) {
            store.skipUnwanted(work, owner);
        }
        return Outcome.IDLE;
    }

    /**
     * Whether the lease is renewed before the batch is written, beyond each file's own fence ({@link #leaseHeld}, just
     * before it becomes visible, which always runs). Not for the first batch of a fresh claim (less than half the lease
     * gone once the bucket is open) that fits one PUT (under the part size, so that nothing goes to S3 while it is
     * written): it is written well within the half left, so the renewal would only cost a statement (one of a handful per
     * one-event stream). A lease lost meanwhile is still found by the fence: nothing becomes visible, nothing committed.
     */
    private boolean renewBeforeWriting(ClaimedStream claimed, Batch batch, Batch completing) {
        return renewBeforeWriting(claimed == null ? null : claimed.leasedAtNanos(), System.nanoTime(), config.lease(),
                batch.bytes, storage.partSizeBytes(), completing != null);
    }

    /** {@link #renewBeforeWriting(ClaimedStream, Batch, Batch)}; {@code leasedAtNanos} null unless from a fresh claim. */
    static boolean renewBeforeWriting(Long leasedAtNanos, long nowNanos, Duration lease, long batchBytes, long partSizeBytes,
            boolean writtenAhead) {
        return leasedAtNanos == null || writtenAhead || batchBytes >= partSizeBytes
                || nowNanos - leasedAtNanos >= lease.toNanos() / 2;
    }

    /**
     * Waits for the batch's files, then moves the cursor past it if the lease is still this worker's; if the batch is not
     * full and {@code giveBack}, the same statement gives the stream back.
     */
    private Outcome finish(Batch batch, String owner, boolean giveBack) throws Exception {
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
        if (failed instanceof LeaseLost) {
            return Outcome.LEASE_LOST;
        }
        if (failed != null) {
            throw failed;
        }
        UUID streamId = batch.work.streamId();
        boolean release = giveBack && !batch.full;
        if (!(release ? store.commitAndRelease(streamId, owner, config.recheck(), batch.end, batch.events, batch.files.size())
                : store.commit(streamId, owner, config.lease(), batch.end, batch.events, batch.files.size()))) {
            return Outcome.LEASE_LOST;
        }
        metrics.counter("s3flow.events.delivered").increment(batch.events);
        metrics.counter("s3flow.files.written").increment(batch.files.size());
        metrics.counter("s3flow.bytes.written").increment(bytes);
        if (batch.oldest != null) {
            // from the batch's oldest event being accepted to the batch being in the bucket
            metrics.timer("s3flow.delivery.lag").record(Duration.between(batch.oldest, Instant.now()));
        }
        return batch.full ? Outcome.MORE : release ? Outcome.CAUGHT_UP : Outcome.DELIVERED;
    }

    /** {@link #finish}, where a failure of the batch itself leaves it pending (null): another failure is being reported. */
    private Outcome settle(Batch batch, String owner) {
        try {
            return finish(batch, owner, false);
        } catch (Exception e) {
            LOG.debugf("stream %s: the batch before the failed one did not complete either: %s", batch.work.streamId(), e.getMessage());
            return null;
        }
    }

    /**
     * Lets the batch's completions end, then aborts its unfinished files (a no-op for completed ones) while its bucket
     * is still open, and gives the bucket back.
     */
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

    /**
     * The fence of each file, just before it becomes visible (its last part landed): the lease, renewed, is still this
     * worker's. A worker stalled past its lease while a batch completed, even the one completing while the next was
     * written, makes none of it visible.
     */
    private Runnable leaseHeld(UUID streamId, String owner) {
        return () -> {
            boolean held;
            try {
                held = store.renew(streamId, owner, config.lease());
            } catch (SQLException e) {
                throw new IllegalStateException("the lease could not be confirmed: " + e.getMessage(), e);
            }
            if (!held) {
                throw new LeaseLost();
            }
        };
    }

    /** True when the lease is certainly another worker's (not when the database cannot say). */
    private boolean leaseGone(UUID streamId, String owner) {
        try {
            return !store.renew(streamId, owner, config.lease());
        } catch (SQLException e) {
            return false;
        }
    }

    /** A file refused to become visible: the stream's lease is another worker's now. */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("the stream's lease was lost", null, false, false);
        }
    }

    /** The events (cursor, end] of a stream: their files, and once they are going up, their completions. */
    private final class Batch {
        /** The stream with its cursor where this batch starts. */
        final StreamWork work;
        final long end;
        /** Its end is already recorded (an earlier attempt's batch, written again). */
        final boolean recorded;
        /** When the oldest event was accepted; null for a batch written again. */
        final Instant oldest;
        final boolean full;
        /** Its events' sizes as stored (Long.MAX_VALUE when not known). */
        final long bytes;
        final Map<FileGroup, RecordWriter> files = new LinkedHashMap<>();
        List<Future<StoredObject>> completions = List.of();
        KeptBuckets.Use bucket;
        long events;
        boolean released;

        Batch(StreamWork work, long end, boolean recorded, Instant oldest, boolean full, long bytes) {
            this.work = work;
            this.end = end;
            this.recorded = recorded;
            this.oldest = oldest;
            this.full = full;
            this.bytes = bytes;
        }

        /**
         * Writes the batch in one pass over its events: a file per (type, hour), opened at the group's first event
         * (which names it) and filled as events come; planning bounds how many files a batch opens, and each holds at
         * most a part in memory (and the parts in flight). Nothing is visible yet.
         */
        void write(String owner) throws Exception {
            BucketStorage storage = bucket.bucket();
            Runnable leaseHeld = leaseHeld(work.streamId(), owner);
            events = store.forEachEvent(work, end, event -> {
                FileGroup group = FileGroup.of(event.type(), event.time());
                RecordWriter file = files.get(group);
                if (file == null) {
                    // the group's first event names the file
                    file = work.format().open(storage.open(ObjectKeys.fileKey(work.keyPrefix(), work.streamId(), group,
                            event.sequence(), work.format().extension()), leaseHeld));
                    files.put(group, file);
                }
                file.write(event);
            });
        }

        /** Completes the files several at a time, in the background: they become visible. */
        void complete() {
            completions = new ArrayList<>();
            for (RecordWriter file : files.values()) {
                completions.add(uploads.submit(file::commit));
            }
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

    /**
     * After the workers stopped ({@link DeliveryWorker#onStop} runs first): their batches' completions end, or were
     * aborted by them, before the pool goes; a worker still waiting on a dropped completion would never see it end.
     */
    void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) ShutdownEvent stop) throws InterruptedException {
        uploads.shutdown();
        if (!uploads.awaitTermination(5, TimeUnit.SECONDS)) {
            uploads.shutdownNow();
        }
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

    /**
     * The connection's etag when credentials were refused before any access came back (null if it is gone), from the
     * check its streams share: at most a second old, so an edit after it still differs and resumes the stream.
     */
    private String currentEtag(StreamWork work) {
        if (work == null) {
            return null;
        }
        try {
            return connections.current(work.tenant(), work.connectionId()).etag();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
