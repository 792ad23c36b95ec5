package io.s3flow.common.auth;

import io.s3flow.common.tenant.TenantHeaders;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Mints the short-lived tokens background work uses to call another s3flow service. Signed with the service key
 * ({@code smallrye.jwt.sign.key.location}); the {@code org} claim keeps the tenant check meaningful on the receiver.
 */
@ApplicationScoped
public class ServiceTokens {

    private final ServiceTokenConfig config;

    ServiceTokens(ServiceTokenConfig config) {
        this.config = config;
    }

    public String mint(String org) {
        return Jwt.issuer(config.issuer())
                .subject(config.subject())
                .upn(config.subject())
                .groups(Set.of(Groups.SERVICE))
                .claim(TenantHeaders.ORG_CLAIM, org)
                .expiresIn(config.ttl())
                .jws().keyId(config.keyId())
                .sign();
    }
}
