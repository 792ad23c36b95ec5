package io.s3flow.common.testing;

import io.s3flow.common.auth.Groups;
import io.s3flow.common.tenant.TenantHeaders;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Tokens signed with the test keys of {@code test-keys/}, which every service's test profile trusts: users' tokens
 * (issuer {@code s3flow}, audience {@code s3flow}, kid {@code user}) and service tokens (issuer {@code s3flow-service},
 * audience the called service, kid {@code service}), and the forgeries the services must refuse.
 */
public final class TestTokens {

    public static final String ORG = "test-org";
    public static final String SANDBOX = "prod";
    public static final String USER_ISSUER = "s3flow";
    public static final String USER_AUDIENCE = "s3flow";
    public static final String SERVICE_ISSUER = "s3flow-service";
    public static final Set<String> ALL_USER_GROUPS = Set.of(Groups.CONNECTIONS_READ, Groups.CONNECTIONS_WRITE,
            Groups.EXPORTS_READ, Groups.EXPORTS_WRITE, Groups.EVENTS_WRITE);

    private static final String USER_KEY = "test-keys/user-private.pem";
    private static final String SERVICE_KEY = "test-keys/service-private.pem";
    private static final String ROGUE_KEY = "test-keys/rogue-private.pem";

    private TestTokens() {
    }

    public static String user(String org, Set<String> groups) {
        return claims(USER_ISSUER, org, groups, 3600).jws().keyId("user").sign(USER_KEY);
    }

    public static String user(Set<String> groups) {
        return user(ORG, groups);
    }

    public static String user(String... groups) {
        return user(ORG, Set.of(groups));
    }

    /** A user token limited to {@code sandboxes} (names, or {@code "*"}). */
    public static String userInSandboxes(String org, Set<String> groups, String... sandboxes) {
        return claims(USER_ISSUER, org, groups, 3600).claim(TenantHeaders.SANDBOXES_CLAIM, List.of(sandboxes))
                .jws().keyId("user").sign(USER_KEY);
    }

    /** What connection-service sends credential-service: a service token for the org's {@link #SANDBOX}. */
    public static String service(String org) {
        return service("connection-service", "credential-service", org, SANDBOX);
    }

    /** A service token as {@code caller} mints it for calling {@code audience} on behalf of org and sandbox. */
    public static String service(String caller, String audience, String org, String sandbox) {
        return Jwt.issuer(SERVICE_ISSUER).subject(caller).audience(audience).groups(Set.of(Groups.SERVICE))
                .claim(TenantHeaders.ORG_CLAIM, org).claim(TenantHeaders.SANDBOXES_CLAIM, List.of(sandbox))
                .expiresIn(120).jws().keyId("service").sign(SERVICE_KEY);
    }

    /** The service issuer and key, but a token living an hour: longer than a service token may. */
    public static String longLivedService(String caller, String audience, String org) {
        return Jwt.issuer(SERVICE_ISSUER).subject(caller).audience(audience).groups(Set.of(Groups.SERVICE))
                .claim(TenantHeaders.ORG_CLAIM, org).expiresIn(3600).jws().keyId("service").sign(SERVICE_KEY);
    }

    /** Signed with the user key, claiming every service group: a user key must never make a service. */
    public static String userKeyClaimingService(String org) {
        return claims(USER_ISSUER, org, Set.of(Groups.SERVICE, Groups.CALLER_CONNECTION_SERVICE, Groups.CALLER_EXPORT_SERVICE),
                3600).jws().keyId("user").sign(USER_KEY);
    }

    /** The service issuer and a service token's claims, signed with the user key (under the user or the service kid). */
    public static String userKeyAsService(String caller, String audience, String org, String kid) {
        return Jwt.issuer(SERVICE_ISSUER).subject(caller).audience(audience).groups(Set.of(Groups.SERVICE))
                .claim(TenantHeaders.ORG_CLAIM, org).expiresIn(120).jws().keyId(kid).sign(USER_KEY);
    }

    /** A user token signed with the service key: the service key signs service tokens only. */
    public static String serviceKeyAsUser(Set<String> groups) {
        return claims(USER_ISSUER, ORG, groups, 3600).jws().keyId("service").sign(SERVICE_KEY);
    }

    public static String expired(Set<String> groups) {
        return Jwt.issuer(USER_ISSUER).audience(USER_AUDIENCE).subject("test-user").claim(TenantHeaders.ORG_CLAIM, ORG).groups(groups)
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                .jws().keyId("user").sign(USER_KEY);
    }

    /** Valid for ten years: beyond the maximum lifetime of a user token. */
    public static String longLived(Set<String> groups) {
        return claims(USER_ISSUER, ORG, groups, 10L * 365 * 24 * 3600).jws().keyId("user").sign(USER_KEY);
    }

    /**
     * Issued (so it says) a year from now and living an hour from then: within the maximum lifetime on paper, yet good
     * from now for a year. Signed with the user key.
     */
    public static String issuedInTheFuture(Set<String> groups) {
        Instant issued = Instant.now().plus(Duration.ofDays(365));
        return claims(USER_ISSUER, ORG, groups, 3600).issuedAt(issued).expiresAt(issued.plusSeconds(3600))
                .jws().keyId("user").sign(USER_KEY);
    }

    /** {@link #issuedInTheFuture} for a service token: the service key, a two-minute lifetime a year from now. */
    public static String serviceIssuedInTheFuture(String caller, String audience, String org) {
        Instant issued = Instant.now().plus(Duration.ofDays(365));
        return Jwt.issuer(SERVICE_ISSUER).subject(caller).audience(audience).groups(Set.of(Groups.SERVICE))
                .claim(TenantHeaders.ORG_CLAIM, org).claim(TenantHeaders.SANDBOXES_CLAIM, List.of(SANDBOX))
                .issuedAt(issued).expiresAt(issued.plusSeconds(120)).jws().keyId("service").sign(SERVICE_KEY);
    }

    public static String wrongIssuer(Set<String> groups) {
        return claims("someone-else", ORG, groups, 3600).jws().keyId("user").sign(USER_KEY);
    }

    public static String wrongAudience(Set<String> groups) {
        return Jwt.issuer(USER_ISSUER).audience("another-api").subject("test-user").claim(TenantHeaders.ORG_CLAIM, ORG)
                .groups(groups).expiresIn(3600).jws().keyId("user").sign(USER_KEY);
    }

    /** Signed by a key nobody trusts, but claiming the trusted key id. */
    public static String foreignKey(Set<String> groups) {
        return claims(USER_ISSUER, ORG, groups, 3600).jws().keyId("user").sign(ROGUE_KEY);
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
        return Jwt.issuer(issuer).audience(USER_AUDIENCE).subject("test-user").upn("test-user").claim("client_id", "test-client")
                .claim(TenantHeaders.ORG_CLAIM, org).groups(groups).expiresIn(ttlSeconds);
    }
}
