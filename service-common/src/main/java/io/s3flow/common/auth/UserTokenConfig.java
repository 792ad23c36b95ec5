package io.s3flow.common.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Rules for users' tokens beyond signature, issuer and audience ({@code mp.jwt.verify.*}). */
@ConfigMapping(prefix = "s3flow.user-token")
public interface UserTokenConfig {

    /** A user token issued for longer than this (exp - iat) is refused, however valid its signature. */
    @WithDefault("PT24H")
    Duration maxLifetime();
}
