package io.s3flow.credential.sts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "s3flow.credentials")
public interface StsConfig {

    /** How long assumed-role credentials last (STS allows 15 minutes up to the role's maximum). */
    @WithDefault("PT1H")
    Duration assumeRoleDuration();

    /** Cached credentials are replaced this long before they expire. */
    @WithDefault("PT5M")
    Duration refreshMargin();

    /** The platform identity's keys; unset, the default AWS provider chain (environment, web identity, instance role). */
    Optional<String> platformAccessKeyId();

    Optional<String> platformSecretAccessKey();
}
