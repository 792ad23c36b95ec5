package io.s3flow.export.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "s3flow.delivery")
public interface DeliveryConfig {

    /** Off for tests that drive delivery themselves. */
    @WithDefault("true")
    boolean enabled();

    /** Streams delivered at once by this replica; also the bound on files open at once. */
    @WithDefault("4")
    int workers();

    /**
     * Streams a worker leases at once when its stream is done, then delivers in turn (one query instead of one per
     * stream: each claim looks at every due stream).
     */
    @WithDefault("8")
    int claimBatch();

    /**
     * Files one batch may open (one per type and hour); a batch that would open more ends before. With
     * {@link #workers()} it bounds the files open in this replica, each holding at most one part in memory (a Parquet
     * file also its row group being built, up to 16 MiB: lower this for Parquet streams of many event types).
     */
    @WithDefault("16")
    int maxFilesPerBatch();

    /**
     * The next batch is read and written while one completes only if that one is at most this many bytes of events:
     * a worker then holds two batches' buffers at once, and two batches as large as {@code maxBytes} allows would not
     * fit the heap.
     */
    @WithDefault("33554432")
    long readAheadBelowBytes();

    /** Files completed (last part uploaded, upload completed) at once by this replica. */
    @WithDefault("4")
    int completionsInFlight();

    /** How long a claimed stream stays this replica's without renewal; a dead replica's streams move on after it. */
    @WithDefault("PT30S")
    Duration lease();

    /** How soon a stream that has caught up is looked at again (the flush-by-age granularity). */
    @WithDefault("PT1S")
    Duration recheck();

    /** Longest time one claim keeps delivering full batches before it lets other streams have the worker. */
    @WithDefault("PT20S")
    Duration turn();

    /** First retry delay after a transient failure; doubles per attempt, with jitter, up to {@link #backoffCap()}. */
    @WithDefault("PT1S")
    Duration backoffBase();

    @WithDefault("PT5M")
    Duration backoffCap();

    /** How often this replica looks for due streams (a scheduler expression such as {@code 1s}). */
    @WithDefault("1s")
    String poll();

    /** How often streams paused by an error check whether their connection changed. */
    @WithDefault("10s")
    String resumeCheck();
}
