package io.s3flow.common.tenant;

import io.quarkus.security.identity.SecurityIdentity;
import io.s3flow.common.problem.Problem;
import io.s3flow.common.problem.ProblemMapper;
import io.s3flow.common.text.CleanText;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every business endpoint is scoped to a tenant: both headers must be present and clean, the token's {@code org}
 * claim must be the org the headers name, and a token that lists {@code sandboxes} may only use those. Anonymous
 * requests pass through untouched so that the security layer answers 401.
 */
public class TenantFilter {

    /** Longer than any IMS org id or sandbox name; these values become database keys and log fields. */
    static final int MAX_LENGTH = 256;

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
        Optional<Response> unclean = header(TenantHeaders.ORG, org).or(() -> header(TenantHeaders.SANDBOX, sandbox));
        if (unclean.isPresent()) {
            return unclean.get();
        }
        Object claim = jwt.getClaim(TenantHeaders.ORG_CLAIM);
        if (claim == null || !org.equals(text(claim))) {
            return ProblemMapper.respond(Problem.of(403, "Forbidden",
                    "The token's org does not match the " + TenantHeaders.ORG + " header.", "ORG_MISMATCH"));
        }
        if (!sandboxAllowed(jwt.getClaim(TenantHeaders.SANDBOXES_CLAIM), sandbox)) {
            return ProblemMapper.respond(Problem.of(403, "Forbidden",
                    "The token may not use the sandbox named by the " + TenantHeaders.SANDBOX + " header.", "SANDBOX_FORBIDDEN"));
        }
        currentTenant.set(new Tenant(org, sandbox));
        return null;
    }

    /** No claim: any sandbox of the org. A claim: a list of names, or {@code "*"} (alone or in the list). */
    static boolean sandboxAllowed(Object claim, String sandbox) {
        if (claim == null) {
            return true;
        }
        if (claim instanceof JsonArray list) {
            return list.stream().map(TenantFilter::text).anyMatch(s -> s.equals(TenantHeaders.ANY_SANDBOX) || s.equals(sandbox));
        }
        if (claim instanceof Iterable<?> list) {
            for (Object item : list) {
                String s = text(item);
                if (s.equals(TenantHeaders.ANY_SANDBOX) || s.equals(sandbox)) {
                    return true;
                }
            }
            return false;
        }
        String single = text(claim);
        return single.equals(TenantHeaders.ANY_SANDBOX) || single.equals(sandbox);
    }

    private static Optional<Response> header(String name, String value) {
        return CleanText.problem(value, MAX_LENGTH)
                .map(message -> ProblemMapper.respond(Problem.of(400, "Bad Request", "Header " + name + " " + message + ".",
                        "INVALID_TENANT_HEADER")));
    }

    private static String text(Object value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonValue json) {
            return json.toString();
        }
        return String.valueOf(value);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
