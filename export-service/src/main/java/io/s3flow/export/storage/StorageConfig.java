package io.s3flow.export.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
