package io.s3flow.export.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "s3flow.storage")
public interface StorageConfig {

    /** Bytes buffered per open file; a larger file goes up in parts of this size (S3's minimum is 5 MiB). */
    @WithDefault("8388608")
    int partSizeBytes();

    /** Parts of one file going up at once while the next one fills. */
    @WithDefault("2")
    int partsInFlight();

    /** Threads sending parts, for every file of this replica. */
    @WithDefault("8")
    int partUploadThreads();

    /**
     * Longest time a stream's batches use the same credentials and S3 client of a connection (while its etag is
     * unchanged and the credentials valid), instead of resolving and building them per batch.
     */
    @WithDefault("PT5M")
    Duration reuseBucketsFor();
}
