package io.s3flow.common.tenant;

import io.quarkus.security.identity.SecurityIdentity;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every business endpoint is scoped to a tenant: both headers must be present, and the token's {@code org} claim must
 * be the org the headers name. Anonymous requests pass through untouched so that the security layer answers 401.
 */
public class TenantFilter {

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken jwt;

    @Inject
    CurrentTenant currentTenant;

    @ServerRequestFilter
    public Response requireTenant(ContainerRequestContext request) {
        if (identity.isAnonymous()) {
            return null;
        }
        String org = request.getHeaderString(TenantHeaders.ORG);
        String sandbox = request.getHeaderString(TenantHeaders.SANDBOX);
        if (isBlank(org) || isBlank(sandbox)) {
            return ProblemMapper.respond(Problem.of(400, "Bad Request",
                    "Headers " + TenantHeaders.ORG + " and " + TenantHeaders.SANDBOX + " are required.", "TENANT_HEADERS_MISSING"));
        }
        Object claim = jwt.getClaim(TenantHeaders.ORG_CLAIM);
        if (claim == null || !org.equals(claim.toString())) {
            return ProblemMapper.respond(Problem.of(403, "Forbidden",
                    "The token's org does not match the " + TenantHeaders.ORG + " header.", "ORG_MISMATCH"));
        }
        currentTenant.set(new Tenant(org, sandbox));
        return null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
