package io.s3flow.export.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3flow.export.lease.Leases;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One attempt at a leased run, as its heartbeat sees it: every {@code progressInterval} the heartbeat records
 * progress, renews the lease and hears of a cancellation, whatever the attempt is doing; before each file becomes
 * visible the attempt confirms its lease in the database itself, so a runner that stalled past its lease writes
 * nothing more.
 */
final class RunAttempt implements RunFiles.Lease, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunAttempt.class);
    private static final TypeReference<List<RunFiles.File>> FILES = new TypeReference<>() {
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

    final Leases.Claim claim;
    /** The files earlier attempts completed. */
    final List<RunFiles.File> recorded;
    volatile RunWork run;
    volatile RunFiles files;
    private volatile Stop stop;
    /** When the heartbeat last found the lease held; past the lease, another runner may have the run. */
    private volatile long heldAt = System.nanoTime();
    private String lastRecorded;
    private final RunStore store;
    private final ExportsConfig config;
    private final ObjectMapper json;
    /** True once this replica is going down. */
    private final BooleanSupplier stopping;
    private final ScheduledFuture<?> beat;

    RunAttempt(Leases.Claim claim, RunWork run, RunStore store, ExportsConfig config, ObjectMapper json, BooleanSupplier stopping,
            ScheduledExecutorService heartbeats) throws JsonProcessingException {
        this.claim = claim;
        this.run = run;
        this.store = store;
        this.config = config;
        this.json = json;
        this.stopping = stopping;
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
            RunStore.Heartbeat heard = store.progress(claim.id(), claim.token(), current == null ? 0 : current.rows(),
                    current == null ? 0 : current.bytesUploaded(), completed.equals(lastRecorded) ? null : completed, config.lease());
            lastRecorded = completed;
            hear(heard);
        } catch (Exception e) {
            LOG.warnf("run %s: progress not recorded (the lease runs out if this goes on): %s", claim.id(), e.getMessage());
        }
    }

    private void hear(RunStore.Heartbeat heard) {
        switch (heard) {
            case HELD -> heldAt = System.nanoTime();
            case CANCEL -> stop = Stop.CANCEL;
            case LOST -> stop = Stop.LOST;
            case GONE -> stop = Stop.GONE;
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
    @Override
    public void starting(String key) throws IOException {
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
    @Override
    public void confirm() throws IOException {
        check();
        try {
            hear(store.confirm(claim.id(), claim.token(), config.lease()));
        } catch (SQLException e) {
            throw new IOException("the run's lease could not be confirmed: " + e.getMessage(), e);
        }
        check();
    }

    void check() throws Stopped {
        Stop heard = stopping.getAsBoolean() ? Stop.SHUTDOWN : stop;
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
