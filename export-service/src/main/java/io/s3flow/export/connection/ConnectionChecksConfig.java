package io.s3flow.export.connection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "s3flow.connection-checks")
public interface ConnectionChecksConfig {

    /**
     * How long connection-service's answer about a connection (its etag, or that it is gone) stands for every batch
     * that asks, before it is asked again: the longest a patched or deleted connection's old credentials can start
     * another batch. Zero asks for every batch.
     */
    @WithDefault("PT1S")
    Duration every();
}
