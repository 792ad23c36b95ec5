package io.s3flow.common.auth;

import io.s3flow.common.tenant.Tenant;
import io.s3flow.common.tenant.TenantHeaders;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * Mints the short-lived tokens a service uses to call another s3flow service: issuer {@code s3flow-service}, subject
 * the caller's name, audience the called service, bound to one tenant ({@code org} and {@code sandboxes}), signed
 * with the service key ({@code smallrye.jwt.sign.key.location}).
 */
@ApplicationScoped
public class ServiceTokens {

    @Inject
    ServiceTokenConfig config;

    /** A token for calling {@code audience} (for example {@code credential-service}) on behalf of {@code tenant}. */
    public String mint(Tenant tenant, String audience) {
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
