package io.s3flow.common.auth;

import io.s3flow.common.tenant.Tenant;
import io.s3flow.common.tenant.TenantHeaders;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mints the short-lived tokens a service uses to call another s3flow service: issuer {@code s3flow-service}, subject
 * the caller's name, audience the called service, bound to one tenant ({@code org} and {@code sandboxes}), signed
 * with the service key ({@code smallrye.jwt.sign.key.location}).
 * <p>
 * A token is kept per (tenant, audience) and handed out again until {@link ServiceTokenConfig#renewBefore()} is left of
 * its life: an RSA signature per call was a visible share of delivery's CPU. The key holds the whole tenant, so a token
 * bound to one tenant is never handed out for another.
 */
@ApplicationScoped
public class ServiceTokens {

    private final ServiceTokenConfig config;
    private final Clock clock;
    private final Map<Key, Minted> minted = new ConcurrentHashMap<>();

    private record Key(Tenant tenant, String audience) {
    }

    private record Minted(String token, Instant renewAt) {
    }

    @Inject
    public ServiceTokens(ServiceTokenConfig config) {
        this(config, Clock.systemUTC());
    }

    ServiceTokens(ServiceTokenConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** A token for calling {@code audience} (for example {@code credential-service}) on behalf of {@code tenant}. */
    public String mint(Tenant tenant, String audience) {
        Instant now = clock.instant();
        Key key = new Key(tenant, audience);
        Minted kept = minted.get(key);
        if (kept != null && now.isBefore(kept.renewAt())) {
            return kept.token();
        }
        // two callers may both sign here at a renewal; either token is good, the later one stays
        Minted fresh = new Minted(sign(tenant, audience), now.plus(config.ttl()).minus(config.renewBefore()));
        if (now.isBefore(fresh.renewAt())) {
            minted.values().removeIf(m -> !now.isBefore(m.renewAt())); // tenants no longer called do not pile up
            minted.put(key, fresh);
        }
        return fresh.token();
    }

    private String sign(Tenant tenant, String audience) {
        return Jwt.issuer(config.issuer())
                .subject(config.subject())
                .audience(audience)
                .groups(Set.of(Groups.SERVICE))
                .claim(TenantHeaders.ORG_CLAIM, tenant.org())
                .claim(TenantHeaders.SANDBOXES_CLAIM, List.of(tenant.sandbox()))
                .expiresIn(config.ttl())
                .jws().keyId(config.keyId())
                .sign();
    }
}
