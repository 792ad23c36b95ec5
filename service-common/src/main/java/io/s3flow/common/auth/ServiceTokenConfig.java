package io.s3flow.common.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "s3flow.service-token")
public interface ServiceTokenConfig {

    /** Token issuer; receivers verify it against {@code mp.jwt.verify.issuer}. */
    @WithDefault("s3flow")
    String issuer();

    /** Subject of the tokens this service mints: its own name. */
    @WithDefault("${quarkus.application.name}")
    String subject();

    /** Short on purpose: a leaked service token is only good for this long. */
    @WithDefault("PT2M")
    Duration ttl();

    /** The {@code kid} header, so that receivers pick the service key out of their JWKS. */
    @WithDefault("service")
    String keyId();
}
