package io.s3flow.common.testing;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.TenantHeaders;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/** Tokens signed with the test keys of {@code test-keys/}, which every service's test profile trusts. */
public final class TestTokens {

    public static final String ORG = "test-org";
    public static final String SANDBOX = "prod";
    public static final Set<String> ALL_USER_GROUPS = Set.of(Groups.CONNECTIONS_READ, Groups.CONNECTIONS_WRITE,
            Groups.EXPORTS_READ, Groups.EXPORTS_WRITE, Groups.EVENTS_WRITE);

    private static final String USER_KEY = "test-keys/user-private.pem";
    private static final String SERVICE_KEY = "test-keys/service-private.pem";
    private static final String ROGUE_KEY = "test-keys/rogue-private.pem";

    private TestTokens() {
    }

    public static String user(String org, Set<String> groups) {
        return claims("s3flow", org, groups, 3600).jws().keyId("user").sign(USER_KEY);
    }

    public static String user(Set<String> groups) {
        return user(ORG, groups);
    }

    public static String user(String... groups) {
        return user(ORG, Set.of(groups));
    }

    public static String service(String org) {
        return claims("s3flow", org, Set.of(Groups.SERVICE), 120).jws().keyId("service").sign(SERVICE_KEY);
    }

    public static String expired(Set<String> groups) {
        return Jwt.issuer("s3flow").subject("test-user").claim(TenantHeaders.ORG_CLAIM, ORG).groups(groups)
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                .jws().keyId("user").sign(USER_KEY);
    }

    public static String wrongIssuer(Set<String> groups) {
        return claims("someone-else", ORG, groups, 3600).jws().keyId("user").sign(USER_KEY);
    }

    /** Signed by a key nobody trusts, but claiming the trusted key id. */
    public static String foreignKey(Set<String> groups) {
        return claims("s3flow", ORG, groups, 3600).jws().keyId("user").sign(ROGUE_KEY);
    }

    /** A valid token whose payload was edited afterwards (another org), so its signature no longer matches. */
    public static String tampered(Set<String> groups) {
        String[] parts = user(ORG, groups).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"" + ORG + "\"", "\"other-org\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    private static JwtClaimsBuilder claims(String issuer, String org, Set<String> groups, long ttlSeconds) {
        return Jwt.issuer(issuer).subject("test-user").upn("test-user").claim("client_id", "test-client")
                .claim(TenantHeaders.ORG_CLAIM, org).groups(groups).expiresIn(ttlSeconds);
    }
}
