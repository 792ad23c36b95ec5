package io.s3flow.export.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "s3flow.exports")
public interface ExportsConfig {

    /** Off for tests that drive runs themselves. */
    @WithDefault("true")
    boolean enabled();

    /** Runs this replica works on at once; each holds one file's part in memory. */
    @WithDefault("2")
    int workers();

    /** How long a run stays this replica's without a progress update; a dead replica's runs move on after it. */
    @WithDefault("PT30S")
    Duration lease();

    /** How often a run in flight records its progress, renews its lease and looks for a cancellation. */
    @WithDefault("PT1S")
    Duration progressInterval();

    /** Attempts of a run before it is FAILED; transient failures are retried from the same high-water mark. */
    @WithDefault("3")
    int maxAttempts();

    @WithDefault("PT5S")
    Duration backoffBase();

    @WithDefault("PT5M")
    Duration backoffCap();

    /** How often this replica queues due scheduled runs and looks for runs to work on. */
    @WithDefault("1s")
    String poll();
}
