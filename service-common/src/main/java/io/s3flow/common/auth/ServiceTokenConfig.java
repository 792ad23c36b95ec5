package io.s3flow.common.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The tokens s3flow's services mint for each other, and how a receiver tells them from users' tokens. */
@ConfigMapping(prefix = "s3flow.service-token")
public interface ServiceTokenConfig {

    /** Issuer of service tokens; users' tokens come from another issuer ({@code mp.jwt.verify.issuer}). */
    @WithDefault("s3flow-service")
    String issuer();

    /** Subject of the tokens this service mints: its own name, which receivers check against their callers. */
    @WithDefault("${quarkus.application.name}")
    String subject();

    /** Short on purpose: a leaked service token is only good for this long. */
    @WithDefault("PT2M")
    Duration ttl();

    /**
     * A token minted for a tenant and a called service is used again for them until this much of its {@link #ttl()}
     * is left (then a new one is minted); at least the called service's longest timeout, so a reused token does not
     * expire in flight. {@code ttl} or more: a new token for every call.
     */
    @WithDefault("PT45S")
    Duration renewBefore();

    /** A service token living longer than this (exp - iat) is refused. */
    @WithDefault("PT5M")
    Duration maxLifetime();

    /** The {@code kid} of the service key: service tokens must be signed with it, user tokens never are. */
    @WithDefault("service")
    String keyId();

    /**
     * Where the service key's public half is (PEM or JWK set); unset, it is the key {@link #keyId()} of the JWK set
     * users' tokens are verified with ({@code mp.jwt.verify.publickey.location}).
     */
    Optional<String> verifyKeyLocation();
}
